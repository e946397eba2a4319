package org.mdm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.mdm.api.FileAttributes;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.register.BatchRegistration;
import org.mdm.register.DryRun;
import org.mdm.register.Registrant;
import org.mdm.register.Registrar;
import org.mdm.security.Credentials;
import org.mdm.security.PrincipalExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mdm register}: records images in every component, by reference, all or nothing. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Register DICOM files (or every file under a directory) as files of the storage element.", "",
            "Per image: a new key on all the key servers (readable by the SE), the original stored in the DICOM",
            "server (register.server), a dry run through the pipeline for the sealed file's exact size and",
            "ADLER32, then the name space, file catalogue and metadata entries in one transaction. A failure",
            "undoes what was done; registering an image again says so and changes nothing. The caller's proxy",
            "(grid.proxy) owns the images. register.threads images are registered at once.", "",
            "While mdm serve runs on this configuration's spool, the running SE does the dry runs, so the",
            "sealed files land in the spool it serves from."})
final class RegisterCommand implements Callable<Integer> {
    @ParentCommand
    private MdmCommand parent;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "DICOM Part 10 files, or directories of them.")
    private List<Path> inputs;

    @Option(names = "--no-progress", description = "No progress bar (there is none when stderr is not a terminal).")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        MdmConfig config = parent.config();
        List<Path> files = files(inputs);
        int threads = config.positiveInt("register.threads");
        Registrar.Settings settings = Registrars.settings(config);
        Registrant owner = Registrant.owner(callerDn(config), config.get("register.group"));
        // Beside a running SE the dry run is its to do, into the spool it holds (and serves from).
        Path socket = AdminSocket.of(config);
        boolean seRuns = AdminSocket.ask(socket, "ping").isPresent();
        try (GridSettings.Client client = GridSettings.client(config);
                CatalogDatabase db = CatalogCommands.open(config);
                MdmRuntime runtime = seRuns ? null : MdmRuntime.start(config, parent.err());
                Registrar registrar = Registrars.create(config, settings, seRuns ? remoteDryRun(socket)
                        : DryRun.local(runtime.backends(), settings.stageTimeout()), client.servers(), db)) {
            int undone = registrar.recover();
            if (undone > 0) {
                parent.err().println("mdm: undid " + undone + " registration(s) an earlier run left unfinished.");
            }
            int failed = registerAll(registrar, db, owner, files, threads);
            if (files.size() - failed >= STATISTICS_AFTER) {
                refreshStatistics(db);
            }
            if (failed > 0) {
                parent.err().println("mdm: " + failed + " of " + files.size() + " file(s) not registered; nothing"
                        + " of them was left behind. Fix what is named above and run mdm register again.");
            }
            return failed == 0 ? 0 : Main.FAILED;
        }
    }

    /** Images registered in one run after which the database's planner statistics are refreshed. */
    private static final int STATISTICS_AFTER = 1000;

    /** A bulk registration changes the tables' sizes by orders: queries should not wait for autovacuum. */
    private void refreshStatistics(CatalogDatabase db) {
        try {
            db.refreshStatistics();
        } catch (MdmException e) {
            parent.err().println("mdm: the images are registered, but the catalogue's statistics could not be"
                    + " refreshed (" + e.getMessage() + "); queries may be slow until the database analyses its"
                    + " tables (PostgreSQL: ANALYZE).");
        }
    }

    /** Images per worker in one batch of keys. */
    private static final int CHUNK_PER_THREAD = 8;

    /** The chunk's readable files registered as one batch; an unreadable one fails alone, naming why. */
    private static List<Future<Registrar.Outcome>> submitChunk(BatchRegistration batches, List<Path> part,
            Registrant owner, ExecutorService workers) {
        List<Future<Registrar.Outcome>> outcomes = new ArrayList<>();
        List<Registrar.Submission> batch = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (Path file : part) {
            try {
                batch.add(new Registrar.Submission(file.toString(), Files.readAllBytes(file), owner));
                positions.add(outcomes.size());
                outcomes.add(null);
            } catch (IOException e) {
                outcomes.add(CompletableFuture.failedFuture(new MdmException(Status.IO_ERROR, "Cannot read " + file
                        + ": " + MdmException.describe(e) + ".", e)));
            }
        }
        List<Future<Registrar.Outcome>> registered = batches.registerAll(batch, workers);
        for (int i = 0; i < registered.size(); i++) {
            outcomes.set(positions.get(i), registered.get(i));
        }
        return outcomes;
    }

    /**
     * Registers {@code files} on {@code threads} workers, reporting each in input order; the
     * failures. Files go in chunks whose keys are registered in bulk (BatchRegistration); the
     * next chunk is begun while the workers finish this one, and at most two chunks are in memory.
     */
    private int registerAll(Registrar registrar, CatalogDatabase db, Registrant owner, List<Path> files, int threads)
            throws InterruptedException {
        ProgressBar bar = new ProgressBar(parent.err(), !noProgress && System.console() != null && files.size() > 1);
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(threads, files.size()), r -> {
            Thread t = new Thread(r, "mdm-register");
            t.setDaemon(true);
            return t;
        });
        try {
            BatchRegistration batches = new BatchRegistration(registrar);
            int chunk = Math.max(1, threads * CHUNK_PER_THREAD);
            Report report = new Report(bar, files.size());
            List<Future<Registrar.Outcome>> previous = List.of();
            int reported = 0;
            for (int from = 0; from < files.size(); from += chunk) {
                List<Path> part = files.subList(from, Math.min(files.size(), from + chunk));
                List<Future<Registrar.Outcome>> current = new ArrayList<>();
                if (db.storageFailure().isPresent()) {
                    part.forEach(f -> current.add(CompletableFuture.completedFuture(null))); // not tried
                } else {
                    current.addAll(submitChunk(batches, part, owner, workers));
                }
                report.print(previous, files.subList(reported, reported + previous.size()));
                reported += previous.size();
                previous = current;
            }
            report.print(previous, files.subList(reported, reported + previous.size()));
            bar.finish(files.size());
            if (report.notTried > 0) {
                parent.err().println("mdm: " + report.notTried + " file(s) not tried: the catalogue database failed ("
                        + db.storageFailure().orElse("see above") + ").");
            }
            return report.failures + report.notTried;
        } finally {
            workers.shutdownNow();
        }
    }

    /** Prints outcomes in input order as they are known, and counts them. */
    private final class Report {
        private final ProgressBar bar;
        private final int total;
        private int failures;
        private int notTried;

        Report(ProgressBar bar, int total) {
            this.bar = bar;
            this.total = total;
        }

        void print(List<Future<Registrar.Outcome>> outcomes, List<Path> files) throws InterruptedException {
            for (int i = 0; i < outcomes.size(); i++) {
                String line;
                boolean ok = true;
                try {
                    Registrar.Outcome o = outcomes.get(i).get();
                    if (o == null) {
                        notTried++;
                        continue;
                    }
                    line = (o == Registrar.Outcome.REGISTERED ? "registered " : "already registered ") + files.get(i);
                } catch (ExecutionException e) {
                    ok = false;
                    line = "mdm: " + (e.getCause() instanceof MdmException m ? m.getMessage()
                            : "Cannot register " + files.get(i) + ": " + MdmException.describe(e.getCause()) + ".");
                }
                bar.clear();
                (ok ? parent.out() : parent.err()).println(line);
                (ok ? parent.out() : parent.err()).flush();
                failures += ok ? 0 : 1;
                bar.advance(0, total);
            }
        }
    }

    /** The running SE's dry run, over its admin channel. */
    private static DryRun remoteDryRun(Path socket) {
        return pfn -> {
            Optional<String> answer = AdminSocket.ask(socket, "stage " + pfn);
            if (answer.isEmpty()) {
                throw new MdmException(Status.PEER_UNAVAILABLE, "The running mdm serve (admin socket " + socket
                        + ") stopped during the registration; run mdm register again.");
            }
            AdminRequests.Staged staged = AdminAnswers.read(AdminAnswers.parse(answer.get()), AdminRequests.Staged.class);
            return new FileAttributes(staged.size(), OptionalLong.of(Long.parseLong(staged.adler32(), 16)),
                    Instant.now());
        };
    }

    /** The DN of the caller's proxy (grid.proxy, or X509_USER_PROXY): who registers or unregisters. */
    static String callerDn(MdmConfig config) throws MdmException {
        return PrincipalExtractor.userDn(Credentials.loadProxy(
                GridSettings.proxyFile(config, System.getenv("X509_USER_PROXY"))).chain());
    }

    static List<Path> files(List<Path> inputs) throws MdmException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new MdmException(Status.IO_ERROR, "Cannot read directory " + input + ": "
                            + MdmException.describe(e) + ".", e);
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new MdmException(Status.NOT_FOUND, "No such file or directory: " + input + ".");
            }
        }
        return files;
    }
}
