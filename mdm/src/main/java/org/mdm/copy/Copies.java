package org.mdm.copy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.gridftp.client.ClientSettings;
import org.mdm.gridftp.client.GridFtpClient;
import org.mdm.gridftp.client.TransferListener;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;

/**
 * {@code mdm cp} as a library: plans SOURCE → DEST ({@link #plan}) and copies the files, several
 * at once, each with its own SRM connection and GridFTP session, as the user's proxy. Each file
 * is reported as it ends; one failing does not stop the others.
 */
public final class Copies implements AutoCloseable {
    private final GridFtpClient gridftp;
    private final SSLContext tls;
    private final SealedImages images;
    private final CopySettings settings;
    private final LogicalNames lfns;

    /** Copies as {@code user}; {@code keys} rebuild image keys (null with --sealed); {@code lfns} may be null. */
    public Copies(GridCredential user, GridTrust trust, KeyServers keys, LogicalNames lfns, CopySettings settings)
            throws MdmException {
        if (keys == null && !settings.sealed()) {
            throw new IllegalArgumentException("opening images needs the key servers");
        }
        this.gridftp = new GridFtpClient(user, trust, ClientSettings.defaults()
                .withTransferTimeouts(settings.stageTimeout(), ClientSettings.defaults().dataTimeout()));
        this.tls = TlsContexts.client(user, trust);
        this.images = keys == null ? null : new SealedImages(keys);
        this.settings = settings;
        this.lfns = lfns;
    }

    /** What one file's copy came to. */
    public interface Report {
        void copied(CopyTask task, long bytes);

        void failed(CopyTask task, MdmException why);
    }

    /** The files {@code source} names, with where each goes under {@code dest}. */
    public List<CopyTask> plan(String source, Path dest, boolean recursive) throws MdmException {
        CopyPlanner planner = new CopyPlanner(url -> new SrmClient(url, tls, settings.connect(), settings.reply()), lfns);
        return planner.plan(source, dest, recursive);
    }

    /** Copies {@code tasks}, {@link CopySettings#parallel} at once; returns how many failed. */
    public int run(List<CopyTask> tasks, Report report, TransferListener bytes) throws InterruptedException {
        int threads = Math.min(settings.parallel(), tasks.size());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "mdm-cp");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<Copier> copiers = new ThreadLocal<>();
        List<Copier> all = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (CopyTask task : tasks) {
                running.add(pool.submit(() -> {
                    Copier copier = copiers.get();
                    if (copier == null) {
                        copier = new Copier(gridftp, tls, images, settings);
                        copiers.set(copier);
                        all.add(copier);
                    }
                    try {
                        report.copied(task, copier.copy(task, bytes));
                    } catch (MdmException e) {
                        failures.incrementAndGet();
                        report.failed(task, e);
                    } catch (InterruptedException e) {
                        failures.incrementAndGet();
                        report.failed(task, new MdmException(Status.CANCELLED, task.source().name() + ": interrupted"));
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a copy failed unexpectedly", e.getCause());
                }
            }
            return failures.get();
        } finally {
            pool.shutdownNow();
            all.forEach(Copier::close);
        }
    }

    @Override
    public void close() {
        gridftp.close();
    }
}
