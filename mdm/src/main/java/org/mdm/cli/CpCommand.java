package org.mdm.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.mdm.api.MdmException;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.copy.CatalogueLogicalNames;
import org.mdm.copy.Copies;
import org.mdm.copy.CopySettings;
import org.mdm.copy.CopyTask;
import org.mdm.gridftp.client.TransferListener;
import org.mdm.gridftp.client.TransferOptions;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mdm cp}: the lcg-cp of MDM, copy and open a registered image in one step. */
@Command(name = "cp", mixinStandardHelpOptions = true,
        description = {"Copy a registered image (or with -r a series or study) from a storage element and open it:",
            "the sealed file is transferred (SRM, then GridFTP; or GridFTP directly), its ADLER32 checked",
            "against the catalogue's, its key rebuilt from k of the key servers (hydra.servers) with your",
            "proxy (grid.proxy or X509_USER_PROXY; you need read on the key), and the de-identified DICOM",
            "file written to DEST whole or not at all.", "",
            "SOURCE is lfn:/grid/VO/mdm/... (resolved through the file catalogue, catalog.*),",
            "srm://HOST:PORT/PATH or gsiftp://HOST:PORT/PATH. DEST is a file, or an existing directory;",
            "with -r, the directory the series or study is copied into (its layout kept)."})
final class CpCommand implements Callable<Integer> {
    @ParentCommand
    private MdmCommand parent;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "lfn:, srm:// or gsiftp:// name of the image.")
    private String source;

    @Parameters(index = "1", paramLabel = "DEST", description = "Output file or directory.")
    private Path dest;

    @Option(names = {"-r", "--recursive"}, description = "Copy a directory (a series or a study).")
    private boolean recursive;

    @Option(names = "--sealed", description = "Keep the sealed file as served: no key is rebuilt, nothing decrypted.")
    private boolean sealed;

    @Option(names = {"-f", "--force"}, description = "Replace destination files that exist.")
    private boolean force;

    @Option(names = "--parallel", paramLabel = "N", description = "Files copied at once with -r (default: cp.parallel).")
    private Integer parallel;

    @Option(names = {"-p", "--streams"}, paramLabel = "N",
            description = "GridFTP data streams per file (MODE E; default: cp.streams, 1 = stream mode).")
    private Integer streams;

    @Option(names = "--no-progress", description = "Do not draw a progress bar with -r.")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        MdmConfig config = parent.config();
        CopySettings settings = settings(config);
        GridCredential user = Credentials.loadProxy(GridSettings.proxyFile(config, System.getenv("X509_USER_PROXY")));
        try (GridSettings.Client keys = sealed ? null : GridSettings.client(config);
                org.mdm.security.GridTrust trust = GridSettings.trust(config);
                CatalogDatabase db = source.startsWith("lfn:") ? CatalogCommands.open(config) : null;
                Copies copies = new Copies(user, trust, keys == null ? null : keys.servers(),
                        db == null ? null : new CatalogueLogicalNames(db, GridSettings.callerPrincipal(config)), settings)) {
            List<CopyTask> tasks = copies.plan(source, dest, recursive);
            ProgressBar bar = new ProgressBar(parent.err(), !noProgress && System.console() != null && tasks.size() > 1);
            AtomicInteger done = new AtomicInteger();
            int failed = copies.run(tasks, new Copies.Report() {
                @Override
                public void copied(CopyTask task, long bytes) {
                    synchronized (bar) {
                        bar.clear();
                        parent.out().println(task.dest() + " (" + bytes + " bytes)");
                        parent.out().flush();
                        bar.advance(bytes, tasks.size());
                        done.incrementAndGet();
                    }
                }

                @Override
                public void failed(CopyTask task, MdmException why) {
                    synchronized (bar) {
                        bar.clear();
                        parent.err().println("mdm cp: " + why.getMessage());
                        parent.err().flush();
                        bar.advance(0, tasks.size());
                    }
                }
            }, TransferListener.NONE);
            bar.finish(tasks.size());
            if (failed > 0) {
                parent.err().println("mdm cp: " + failed + " of " + tasks.size() + " files failed; "
                        + done.get() + " copied.");
                return 1;
            }
            return 0;
        }
    }

    private CopySettings settings(MdmConfig config) throws MdmException {
        int n = streams != null ? streams : config.positiveInt("cp.streams");
        int files = parallel != null ? parallel : config.positiveInt("cp.parallel");
        if (n < 1 || files < 1) {
            throw new MdmException(org.mdm.api.Status.INVALID_REQUEST, "--streams and --parallel must be at least 1");
        }
        return new CopySettings(files, sealed, force, config.positiveInt("cp.pin.seconds"),
                Duration.ofSeconds(config.positiveInt("cp.stage.timeout.seconds")),
                n == 1 ? TransferOptions.stream() : TransferOptions.parallel(n),
                Duration.ofSeconds(30), Duration.ofSeconds(config.positiveInt("cp.reply.timeout.seconds")));
    }
}
