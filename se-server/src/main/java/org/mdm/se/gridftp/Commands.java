package org.mdm.se.gridftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.se.AccessLog;
import org.mdm.se.Staging;
import org.mdm.se.StorageElement;
import org.mdm.security.GridCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands of a logged-in session. This SE is read-only: writes are refused with 550. While
 * a RETR runs only ABOR, QUIT and NOOP are served. LIST, NLST and MLSD list registered
 * directories (study, series, and those above).
 */
final class Commands implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

    /** FEAT: only what this door does. gfal2 needs MLST; DCAU here makes clients use DCAU A. */
    static final Reply FEATURES = Reply.multi(211, "Extensions supported", List.of("UTF8", "DCAU", "PARALLEL",
            "SIZE", "MDTM", "REST STREAM", "MLST " + FileFacts.MLST_FACTS, "CKSM ADLER32", "PASV AllowDelayed;"),
            "End.");

    private static final Reply HELP = Reply.multi(214, "The following commands are recognized:", List.of(
            "ABOR    ADAT    AUTH    CDUP    CKSM    CWD     DCAU    ENC     EPRT    EPSV",
            "FEAT    HELP    LIST    MDTM    MIC     MLSD    MLST    MODE    NLST    NOOP",
            "OPTS    PASS    PASV    PBSZ    PORT    PROT    PWD     QUIT    REST    RETR",
            "SITE    SIZE    STAT    SYST    TYPE    USER"), "End");

    private static final List<String> WRITES = List.of("STOR", "STOU", "APPE", "DELE", "MKD", "XMKD", "RMD", "XRMD",
            "RNFR", "RNTO", "ESTO", "MFMT", "ALLO", "SPOR", "SPAS", "ERET");

    private final ControlChannel control;
    private final DoorSettings settings;
    private final StorageElement se;
    private final GridPrincipal caller;
    private final DoorActivity activity;
    private final GridCredential delegated;
    private final TransferSettings transfer = new TransferSettings();
    private final FileFacts facts;
    private DataEndpoint endpoint;
    private boolean delayedPassive;
    private String cwd = "/";
    private Retrieval running;
    private Future<?> runningTask;

    private final RefusalLog refusals;

    Commands(ControlChannel control, DoorSettings settings, StorageElement se, GridPrincipal caller,
            GridCredential delegated, RefusalLog refusals, DoorActivity activity) {
        this.refusals = refusals;
        this.activity = activity;
        this.control = control;
        this.settings = settings;
        this.se = se;
        this.caller = caller;
        this.delegated = delegated;
        this.facts = new FileFacts(se, caller);
    }

    boolean transferring() {
        return runningTask != null && !runningTask.isDone() && !running.ended();
    }

    /** Answers {@code c}; false when the session ends. */
    boolean serve(Command c) throws IOException {
        if (transferring()) {
            return duringTransfer(c);
        }
        if (c.is("QUIT")) {
            control.send(Reply.of(221, "Goodbye."));
            return false;
        }
        Reply r;
        try {
            r = answer(c);
        } catch (MdmException e) {
            if (e.status() == Status.AUTHORIZATION_FAILURE) {
                refusals.refused(c.verb() + " " + c.argument().trim(), e.getMessage());
            }
            r = Reply.of(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (r != null) {
            control.send(r);
        }
        return true;
    }

    private boolean duringTransfer(Command c) throws IOException {
        switch (c.verb()) {
            case "ABOR" -> {
                stopTransfer();
                control.send(Reply.of(226, "Abort successful."));
            }
            case "QUIT" -> {
                stopTransfer();
                control.send(Reply.of(221, "Goodbye."));
                return false;
            }
            case "NOOP" -> control.send(Reply.of(200, "NOOP ok (a transfer is running)."));
            default -> control.send(Reply.of(503, c.verb() + " cannot be served while a transfer runs: wait for 226,"
                    + " or send ABOR."));
        }
        return true;
    }

    private Reply answer(Command c) throws MdmException, InterruptedException, IOException {
        String arg = c.argument();
        if (WRITES.contains(c.verb())) {
            return Reply.of(550, c.verb() + ": this storage element is read-only; images are registered with"
                    + " 'mdm register', not uploaded.");
        }
        return switch (c.verb()) {
            case "USER", "PASS" -> Reply.of(503, "Already logged in as " + caller.dn() + ".");
            case "AUTH", "ADAT" -> Reply.of(503, "Already authenticated.");
            case "FEAT" -> FEATURES;
            case "HELP" -> HELP;
            case "SITE" -> site(arg);
            case "NOOP" -> Reply.of(200, "NOOP ok.");
            case "SYST" -> Reply.of(215, "UNIX Type: L8");
            case "PWD" -> Reply.of(257, "\"" + cwd + "\" is the current directory.");
            case "CWD" -> cwd(arg);
            case "CDUP" -> cwd("..");
            case "TYPE" -> transfer.type(arg);
            case "MODE" -> transfer.mode(arg);
            case "OPTS" -> transfer.opts(arg);
            case "DCAU" -> transfer.dcau(arg);
            case "PROT" -> transfer.prot(arg);
            case "PBSZ" -> Reply.of(200, "PBSZ=" + arg.trim());
            case "REST" -> transfer.rest(arg);
            case "PASV" -> passive(false);
            case "EPSV" -> passive(true);
            case "PORT" -> active(Addresses.parsePort(arg));
            case "EPRT" -> active(Addresses.parseEprt(arg));
            case "SIZE" -> facts.size(path(arg));
            case "MDTM" -> facts.mdtm(path(arg));
            case "MLST" -> facts.mlst(path(arg.isBlank() ? cwd : arg));
            case "STAT" -> arg.isBlank() ? Reply.of(211, "Logged in as " + caller.dn() + "; no transfer running.")
                    : facts.stat(path(arg));
            case "CKSM" -> facts.cksm(cksmPath(arg));
            case "RETR" -> retrieve(path(arg));
            case "LIST", "NLST", "MLSD" -> list(c.verb(), arg);
            case "ABOR" -> Reply.of(226, "No transfer to abort.");
            default -> Reply.of(502, c.verb() + " is not implemented by this storage element (see HELP).");
        };
    }

    private Reply site(String arg) {
        String what = arg.trim().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        return switch (what) {
            case "HELP" -> HELP;
            case "CLIENTINFO" -> Reply.of(250, "OK.");
            default -> Reply.of(504, "SITE " + what + " is not supported (SITE HELP, SITE CLIENTINFO).");
        };
    }

    private Reply cwd(String arg) throws MdmException {
        String target = arg.equals("..") ? parent(cwd) : path(arg);
        if (!se.isDirectory(target, caller)) {
            return Reply.of(550, target + ": no such directory.");
        }
        cwd = target.endsWith("/") ? target : target + "/";
        return Reply.of(250, "CWD command successful.");
    }

    private static String parent(String dir) {
        String d = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
        int slash = d.lastIndexOf('/');
        return slash <= 0 ? "/" : d.substring(0, slash + 1);
    }

    /** A path argument, absolute or relative to the working directory; gsiftp://host//p gives //p. */
    private String path(String arg) throws MdmException {
        String p = arg.trim();
        if (p.isEmpty()) {
            throw new MdmException(Status.INVALID_REQUEST, "A path is required.");
        }
        if (!p.startsWith("/")) {
            p = cwd + p;
        }
        while (p.startsWith("//")) {
            p = p.substring(1);
        }
        return p;
    }

    private String cksmPath(String arg) throws MdmException {
        String[] f = arg.trim().split("\\s+", 4);
        return f.length == 4 ? String.join(" ", f[0], f[1], f[2], path(f[3])) : arg;
    }

    private Reply passive(boolean extended) throws IOException {
        closeEndpoint();
        if (transfer.delayedPassive() && !extended) {
            delayedPassive = true;
            return Reply.of(200, "Passive delayed.");
        }
        DataEndpoint.Passive p = DataEndpoint.listen(localAddress(), settings.dataPorts());
        endpoint = p;
        return extended ? Reply.of(229, "Entering Extended Passive Mode (|||" + p.port() + "|)")
                : Reply.of(227, Addresses.pasvText(p.address(), p.port()));
    }

    private Reply active(InetSocketAddress target) {
        closeEndpoint();
        if (target.getPort() < 1024) {
            return Reply.of(504, "PORT to a privileged port (" + target.getPort() + ") is refused.");
        }
        endpoint = DataEndpoint.connectTo(target);
        return Reply.of(200, "PORT Command successful.");
    }

    private InetAddress localAddress() {
        return control.socket().getLocalAddress();
    }

    /** LIST, NLST, MLSD of a directory (the working directory without an argument; ls options ignored). */
    private Reply list(String verb, String arg) throws MdmException, IOException {
        if (endpoint == null && !delayedPassive) {
            return Reply.of(425, "No data connection: send PASV, EPSV, PORT or EPRT before " + verb + ".");
        }
        if (transfer.privacy() && !transfer.dcau()) {
            return Reply.of(536, "PROT P needs DCAU A: data protection uses the delegated credential.");
        }
        String target = arg.trim();
        while (target.startsWith("-")) { // "LIST -la dir": options a real ls would take
            int space = target.indexOf(' ');
            target = space < 0 ? "" : target.substring(space + 1).trim();
        }
        String dir = target.isEmpty() ? cwd : path(target);
        byte[] text = FileFacts.listing(verb, se.list(dir, caller));
        DataSecurity security = transfer.dcau() ? DataSecurity.of(delegated, settings.trust(), transfer.privacy()) : null;
        DataEndpoint chosen = delayedPassive ? null : endpoint;
        endpoint = null;
        delayedPassive = false;
        return Listing.send(dir, text, chosen, security, transfer.extendedMode(), settings.dataTimeoutMillis(),
                new Listing.Control() {
                    @Override
                    public void reply(Reply reply) throws IOException {
                        control.send(reply);
                    }

                    @Override
                    public DataEndpoint openDelayedPassive() throws IOException {
                        DataEndpoint.Passive p = DataEndpoint.listen(localAddress(), settings.dataPorts());
                        control.send(Reply.of(127, Addresses.pasvText(p.address(), p.port())));
                        return p;
                    }
                });
    }

    private Reply retrieve(String path) throws MdmException, IOException {
        if (endpoint == null && !delayedPassive) {
            return Reply.of(425, "No data connection: send PASV, EPSV, PORT or EPRT before RETR.");
        }
        if (transfer.privacy() && !transfer.dcau()) {
            return Reply.of(536, "PROT P needs DCAU A: data protection uses the delegated credential.");
        }
        DataSecurity security = transfer.dcau() ? DataSecurity.of(delegated, settings.trust(), transfer.privacy()) : null;
        if (se.isDirectory(path, caller)) {
            return Reply.of(550, path + " is a directory, not a file.");
        }
        Staging request = se.stage(path, caller);
        DataEndpoint chosen = delayedPassive ? null : endpoint;
        endpoint = null;
        delayedPassive = false;
        long started = System.nanoTime();
        int streams = transfer.connections();
        running = new Retrieval(request, path, transfer, security, settings, chosen, new Retrieval.Control() {
            @Override
            public void reply(Reply reply) {
                sendQuietly(reply);
            }

            @Override
            public void refused(String reason) {
                refusals.refused("RETR " + path, reason);
            }

            @Override
            public DataEndpoint openDelayedPassive() throws IOException {
                DataEndpoint.Passive p = DataEndpoint.listen(localAddress(), settings.dataPorts());
                sendQuietly(Reply.of(127, Addresses.pasvText(p.address(), p.port())));
                return p;
            }

            @Override
            public void finished(int code, long bytes, Boolean spoolHit, MdmException stageFailure) {
                activity.replied(code);
                AccessLog.Transfer t = new AccessLog.Transfer("gridftp", control.socket().getInetAddress(), caller,
                        "RETR", path, bytes, streams, Duration.ofNanos(System.nanoTime() - started), spoolHit, code);
                if (stageFailure != null) {
                    AccessLog.stageFailed(t, stageFailure);
                } else {
                    AccessLog.transfer(t);
                }
            }
        });
        Retrieval task = running;
        activity.started();
        runningTask = settings.workers().submit(() -> {
            try {
                task.run();
            } finally {
                activity.taskEnded();
            }
        });
        return null;
    }

    private void sendQuietly(Reply reply) {
        try {
            control.send(reply);
        } catch (IOException e) {
            LOG.debug("reply not sent, the client is gone: {}", e.getMessage());
            if (running != null) {
                running.abort();
            }
        }
    }

    private void stopTransfer() {
        if (running != null) {
            running.abort();
            Retrieval.await(runningTask, settings.dataTimeout().toMillis());
        }
    }

    private void closeEndpoint() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
        delayedPassive = false;
    }

    /** The client left: stop what runs, free what is held. */
    @Override
    public void close() {
        stopTransfer();
        closeEndpoint();
    }
}
