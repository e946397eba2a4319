package org.mdm.se.gridftp;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.se.StorageElement;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.RefusedChain;
import org.mdm.security.admission.LoginSlot;
import org.mdm.security.gsi.DelegationKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One control connection, from 220 to QUIT: GSI login, then commands (see {@link Commands}).
 * Before login only AUTH, ADAT, FEAT, NOOP and QUIT are served, and a client that keeps sending
 * anything else is disconnected.
 */
final class Session implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** Refused commands a client may send before it has logged in. */
    static final int MAX_ERRORS_BEFORE_LOGIN = 20;

    private final ControlChannel control;
    private final DoorSettings settings;
    private final StorageElement se;
    private GsiLogin login;
    private GridPrincipal principal;
    private boolean userSent;
    private Commands commands;
    private int errorsBeforeLogin;

    private final DelegationKeys keys;
    private final RefusalLog refusals;
    private final LoginSlot slot;
    private final DoorActivity activity;

    Session(ControlChannel control, DoorSettings settings, StorageElement se, DelegationKeys keys, LoginSlot slot,
            DoorActivity activity) {
        this.activity = activity;
        this.keys = keys;
        this.refusals = new RefusalLog(control.socket().getInetAddress());
        this.slot = slot;
        this.control = control;
        this.settings = settings;
        this.se = se;
    }

    @Override
    public void run() {
        try (control) {
            control.socket().setSoTimeout((int) settings.loginTimeout().toMillis());
            control.send(Reply.of(220, "MDM storage element GridFTP door ready (GSI only)."));
            while (serveOne()) {
                // next command
            }
        } catch (IOException e) {
            LOG.debug("control connection ended: {}", e.getMessage());
        } finally {
            if (commands != null) {
                commands.close();
            }
        }
    }

    /** Reads and answers one command; false when the session is over. */
    private boolean serveOne() throws IOException {
        Command c;
        try {
            if (commands == null) {
                // The login timeout is a deadline from accept, not per read (issue 15).
                control.socket().setSoTimeout(slot.loginReadTimeoutMillis());
            }
            c = control.read();
        } catch (SocketTimeoutException e) {
            if (commands != null && commands.transferring()) {
                return true; // the control channel is quiet while data flows
            }
            control.send(Reply.of(421, commands == null ? "Login timeout: authenticate with AUTH GSSAPI sooner."
                    : "Idle timeout: closing the control connection."));
            return false;
        } catch (ControlChannel.BadLine e) {
            control.send(e.reply());
            return countError();
        }
        if (c == null) {
            return false;
        }
        if (c.verb().isEmpty()) {
            return true;
        }
        LOG.debug("command {}", c.forLog());
        if (commands != null) {
            return commands.serve(c);
        }
        Reply r = beforeLogin(c);
        if (r == null) {
            return false;
        }
        control.send(r);
        if (principal != null && !control.isProtected()) {
            control.protect(login.context()); // the 235 went in clear (JGlobus insists); what follows is wrapped
        }
        return r.code() != 421 && (r.code() < 400 || countError());
    }

    private boolean countError() throws IOException {
        if (commands == null && ++errorsBeforeLogin >= MAX_ERRORS_BEFORE_LOGIN) {
            control.send(Reply.of(421, "Too many refused commands before login: closing."));
            return false;
        }
        return true;
    }

    /** The reply to a command sent before login; null for QUIT. */
    private Reply beforeLogin(Command c) throws IOException {
        switch (c.verb()) {
            case "AUTH":
                return auth(c.argument());
            case "ADAT":
                return adat(c.argument());
            case "USER":
                if (principal == null) {
                    return Reply.of(530, "Authenticate first: this storage element accepts GSI only (AUTH GSSAPI).");
                }
                userSent = true;
                return Reply.of(331, "GSI user " + principal.dn() + ": send PASS (any password).");
            case "PASS":
                return pass();
            case "FEAT":
                return Commands.FEATURES;
            case "NOOP":
                return Reply.of(200, "NOOP ok.");
            case "QUIT":
                control.send(Reply.of(221, "Goodbye."));
                return null;
            default:
                return Reply.of(530, "Please log in with AUTH GSSAPI, then USER and PASS, before " + c.verb() + ".");
        }
    }

    private Reply auth(String mechanism) {
        if (login != null) {
            return Reply.of(503, "AUTH already given.");
        }
        if (!mechanism.trim().equalsIgnoreCase("GSSAPI")) {
            return Reply.of(504, "AUTH " + mechanism + " is not supported: use AUTH GSSAPI (GSI).");
        }
        try {
            login = new GsiLogin(settings.host(), settings.trust(), keys);
        } catch (MdmException e) {
            return Reply.of(431, "Cannot start GSI: " + e.getMessage());
        }
        return Reply.of(334, "Using authentication type GSSAPI; ADAT must follow.");
    }

    private Reply adat(String token) {
        if (login == null || login.isDone()) {
            return Reply.of(503, login == null ? "Send AUTH GSSAPI before ADAT." : "Already authenticated.");
        }
        try {
            Reply r = login.adat(token);
            if (login.isDone()) {
                PrincipalExtractor.Identified who = settings.principals().identify(login.peerChain());
                principal = who.principal();
                refusals.authenticatedAs(principal.dn());
                who.refusedAttributes().forEach(why -> refusals.refused("ADAT", "VOMS attributes ignored: " + why));
                LOG.info("GSI login of {}", principal.dn());
            }
            return r;
        } catch (MdmException e) {
            login = null; // start again with AUTH
            String offered = RefusedChain.in(e).map(RefusedChain::subject).orElse("unauthenticated");
            refusals.refused(offered, "ADAT", e.getMessage());
            return Reply.of(535, "GSI authentication failed: " + e.getMessage());
        }
    }

    private Reply pass() {
        if (principal == null || !userSent) {
            return Reply.of(503, principal == null ? "Authenticate with AUTH GSSAPI first." : "Send USER first.");
        }
        try {
            se.checkAccess(principal);
        } catch (MdmException e) {
            refusals.refused("PASS", e.getMessage());
            return Reply.of(530, e.getMessage());
        }
        if (!slot.logIn()) {
            return Reply.of(421, "Too many sessions on this storage element: try again later.");
        }
        commands = new Commands(control, settings, se, principal, login.delegated(), refusals, activity);
        try {
            control.socket().setSoTimeout((int) settings.idleTimeout().toMillis());
        } catch (IOException e) {
            LOG.debug("cannot set the idle timeout: {}", e.getMessage());
        }
        return Reply.of(230, "User " + principal.dn() + " logged in.");
    }
}
