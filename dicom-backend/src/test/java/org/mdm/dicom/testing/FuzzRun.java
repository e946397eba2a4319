package org.mdm.dicom.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a fuzz target over seeded mutants of real samples, each on a worker thread with a time
 * bound, and measures the time and heap each one took. Size and seed come from system
 * properties so that CI runs a fixed, bounded set and {@code -P fuzz} (or
 * {@code -Dmdm.fuzz.count=...}) a longer one:
 * {@code mdm.fuzz.count} (default 10000), {@code mdm.fuzz.seed} (default 9),
 * {@code mdm.fuzz.timeout.ms} per object (default 10000), {@code mdm.fuzz.heap.mb} per object (default 512).
 */
public final class FuzzRun {
    /** What the target does with one mutant: returns an outcome class for the summary, or throws. */
    @FunctionalInterface
    public interface Target {
        String run(byte[] mutant, String label) throws Exception;
    }

    public static final int COUNT = Integer.getInteger("mdm.fuzz.count", 10_000);
    public static final long SEED = Long.getLong("mdm.fuzz.seed", 9L);
    /** Runs only this mutant, to reproduce a failure ({@code -Dmdm.fuzz.only=N}); -1 for all. */
    private static final int ONLY = Integer.getInteger("mdm.fuzz.only", -1);
    private static final long TIMEOUT_MS = Long.getLong("mdm.fuzz.timeout.ms", 10_000L);
    private static final long HEAP_BYTES = Long.getLong("mdm.fuzz.heap.mb", 512L) << 20;

    private final TreeMap<String, Integer> outcomes = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private long slowestNanos;
    private String slowest = "";
    private long mostAllocated;
    private int ran;

    /** Runs {@link #COUNT} mutants spread over {@code originals}; fails listing what went wrong. */
    public static FuzzRun run(List<byte[]> originals, List<String> names, Target target) {
        FuzzRun r = new FuzzRun();
        ExecutorService worker = Executors.newSingleThreadExecutor(t -> {
            Thread thread = new Thread(t, "fuzz-worker");
            thread.setDaemon(true); // a hung object must not keep the test JVM alive
            return thread;
        });
        try {
            // The originals first, untimed: they must pass, and the first calls pay class loading.
            for (int i = 0; i < originals.size(); i++) {
                r.one(worker, target, new Mutator.Mutant(originals.get(i), "unchanged"), "original#" + i,
                        names.get(i) + " unchanged");
            }
            r.outcomes.clear();
            r.slowestNanos = 0;
            r.ran = 0;
            for (int i = 0; i < COUNT && r.problems.size() < 20; i++) {
                if (ONLY >= 0 && i != ONLY) {
                    continue;
                }
                int which = i % originals.size();
                Mutator.Mutant m = Mutator.mutate(originals.get(which), SEED, i);
                String label = "fuzz#" + i;
                r.ran++;
                r.one(worker, target, m, label, names.get(which) + " " + label + " (seed " + SEED + "): "
                        + m.description());
            }
        } finally {
            worker.shutdownNow();
        }
        if (!r.problems.isEmpty()) {
            fail(r.problems.size() + " problem(s):\n" + String.join("\n", r.problems));
        }
        return r;
    }

    private void one(ExecutorService worker, Target target, Mutator.Mutant m, String label, String what) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Future<long[]> f = worker.submit(() -> {
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            long t0 = System.nanoTime();
            String outcome = target.run(m.bytes(), label);
            long nanos = System.nanoTime() - t0;
            synchronized (this) {
                outcomes.merge(outcome, 1, Integer::sum);
            }
            return new long[] {nanos, threads.getThreadAllocatedBytes(id) - before};
        });
        try {
            long[] cost = f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (cost[0] > slowestNanos) {
                slowestNanos = cost[0];
                slowest = what;
            }
            mostAllocated = Math.max(mostAllocated, cost[1]);
            if (cost[1] > HEAP_BYTES) {
                problems.add(what + ": allocated " + (cost[1] >> 20) + " MB");
            }
        } catch (TimeoutException e) {
            f.cancel(true);
            problems.add(what + ": no answer within " + TIMEOUT_MS + " ms");
        } catch (ExecutionException e) {
            problems.add(what + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(what + ": interrupted");
        }
    }

    /** One line for the test log: count, outcomes, slowest object and its time, most heap. */
    public String summary() {
        return String.format(Locale.ROOT, "%d objects (seed %d): %s; slowest %.1f ms (%s); most allocated %d MB",
                ran, SEED, outcomes, slowestNanos / 1e6, slowest, mostAllocated >> 20);
    }

    public int count(String outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }
}
