import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.Sealer;
import org.mdm.hydra.Unsealer;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.keyserver.KeyServersConfig;
import org.mdm.hydra.server.HydraServer;
import org.mdm.hydra.server.HydraServerConfig;
import org.mdm.hydra.server.JdbcShareStore;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.VomsAttributes;
import org.mdm.security.testpki.TestPki;

/**
 * Hydra's two costs, measured by bench/hydra.sh in source-launch mode:
 *
 * <pre>
 *   java -Xmx64m -cp "mdm/target/mdm-*.jar:mdm/target/lib/*:grid-security/target/grid-security-*-tests.jar" \
 *       bench/HydraBench.java seal FILE WARMFILE WORKDIR RUNS
 *   java -cp "mdm/target/mdm-*.jar:mdm/target/lib/*:grid-security/target/grid-security-*-tests.jar" \
 *       bench/HydraBench.java keys WORKDIR KEYS WARMUP
 * </pre>
 *
 * <p>{@code seal}: {@link Sealer#seal(ImageKey, Path, Path)} and {@link Unsealer#unseal} of FILE
 * through the public API (atomic output: temp file, fsync, rename), after one unmeasured seal and
 * unseal of WARMFILE; RUNS timed runs of each, median. The unsealed file's length is checked.
 * {@code sync} runs (untimed) before every timed run so earlier runs' dirty pages are not flushed
 * inside this one's fsync.
 *
 * <p>{@code keys}: three in-process HydraServers on loopback (H2 stores under WORKDIR) with the
 * host credential of grid-security's throwaway {@link TestPki}; a {@link KeyServers} client
 * (k=2, n=3) as the PKI's user proxy registers KEYS + WARMUP keys, then fetches WARMUP keys
 * unmeasured and KEYS keys timed, checking every rebuilt key against the registered one; then
 * the third server is stopped and the same again (1 of 3 down).
 *
 * <p>{@code bulk WORKDIR KEYS ROUNDS} (bench/hydra-bulk.sh): the same three servers; KEYS keys
 * registered with one {@code registerAll}, then ROUNDS rounds (after one unmeasured round) of
 * reading all of them three ways: one {@code fetch} after another, {@code fetch} from 4 threads
 * (what a series' 4 spooling workers did before the prefetch), and one {@code fetchAll}; keys/s
 * of each, median over the rounds, every rebuilt key checked.
 *
 * <p>Prints human lines and {@code name=value} lines for the script.
 */
public class HydraBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "seal" -> seal(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
            case "keys" -> keys(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "bulk" -> bulk(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("seal|keys|bulk");
        }
    }

    // --- seal / unseal --------------------------------------------------------------------------

    static void seal(Path file, Path warm, Path work, int runs) throws Exception {
        ImageKey key = ImageKey.generate("bench.seal.1");
        long size = Files.size(file);
        Path sealed = work.resolve("hydra.sealed");
        Path out = work.resolve("hydra.unsealed");
        // Warm-up: the same code paths on a smaller file, three times so that C2 has compiled
        // the HMAC and AES-CTR intrinsics before anything is measured (one pass of 64 MiB leaves
        // the first measured run at a third of the steady speed).
        for (int i = 0; i < 3; i++) {
            Sealer.seal(key, warm, sealed);
            Unsealer.unseal(key, sealed, out);
        }
        if (Files.size(out) != Files.size(warm)) {
            throw new IllegalStateException("warm-up: unsealed length differs");
        }
        Files.delete(out);
        Files.delete(sealed);
        long heapAfterWarmup = heapPeakBytes();
        resetPeaks();

        double[] sealS = new double[runs];
        double[] streamS = new double[runs];
        double[] unsealS = new double[runs];
        // Like for like with `openssl enc`: the same seal into a plain output file, no temporary
        // file, no fsync, no rename.
        Path streamed = work.resolve("hydra.streamed");
        for (int r = 0; r < runs; r++) {
            Files.deleteIfExists(streamed);
            sync();
            long t0 = System.nanoTime();
            try (java.io.OutputStream os = Files.newOutputStream(streamed)) {
                Sealer.seal(key, file, os);
            }
            streamS[r] = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  seal to a stream (no fsync) run %d: %6.2f s  %7.1f MB/s%n", r + 1, streamS[r],
                    size / 1e6 / streamS[r]);
        }
        Files.deleteIfExists(streamed);
        for (int r = 0; r < runs; r++) {
            Files.deleteIfExists(sealed);
            sync();
            long t0 = System.nanoTime();
            long written = Sealer.seal(key, file, sealed);
            sealS[r] = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  seal   run %d: %6.2f s  %7.1f MB/s  (%d bytes sealed)%n", r + 1, sealS[r],
                    size / 1e6 / sealS[r], written);
        }
        for (int r = 0; r < runs; r++) {
            Files.deleteIfExists(out);
            sync();
            long t0 = System.nanoTime();
            long n = Unsealer.unseal(key, sealed, out);
            unsealS[r] = (System.nanoTime() - t0) / 1e9;
            if (n != size || Files.size(out) != size) {
                throw new IllegalStateException("unsealed " + n + " bytes, expected " + size);
            }
            System.out.printf("  unseal run %d: %6.2f s  %7.1f MB/s%n", r + 1, unsealS[r], size / 1e6 / unsealS[r]);
        }
        Files.deleteIfExists(out);
        Files.deleteIfExists(sealed);
        System.out.println("seal.s=" + median(sealS));
        System.out.println("unseal.s=" + median(unsealS));
        System.out.println("seal.mbps=" + String.format("%.1f", size / 1e6 / median(sealS)));
        System.out.println("seal.stream.mbps=" + String.format("%.1f", size / 1e6 / median(streamS)));
        System.out.println("unseal.mbps=" + String.format("%.1f", size / 1e6 / median(unsealS)));
        System.out.println("heap.max.mib=" + Runtime.getRuntime().maxMemory() / 1048576);
        System.out.println("heap.peak.warmup.mib=" + heapAfterWarmup / 1048576);
        System.out.println("heap.peak.measured.mib=" + heapPeakBytes() / 1048576);
    }

    /** Sum of the heap pools' peak usage: an upper bound on peak used heap (pools peak at different times). */
    static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    static void sync() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    // --- key servers -----------------------------------------------------------------------------

    static void keys(Path work, int count, int warmup) throws Exception {
        TestPki pki = TestPki.shared();
        GridTrust trust = GridTrust.fromDirectory(pki.certDir());
        VomsAttributes voms = VomsAttributes.create(pki.vomsDir(), trust);
        GridCredential host = Credentials.load(pki.hostCert(), pki.hostKey());
        List<HydraServer> servers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            servers.add(HydraServer.start(HydraServerConfig.of(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), host, trust, voms,
                    JdbcShareStore.openH2(work.resolve("db" + i)))));
        }
        List<URI> uris = servers.stream().map(HydraServer::uri).toList();
        System.out.println("  servers: " + uris);
        GridCredential user = Credentials.loadProxy(pki.proxy());
        int total = count + warmup;
        List<ImageKey> keys = new ArrayList<>(total);
        try (KeyServers client = new KeyServers(KeyServersConfig.of(uris, 2), user, trust)) {
            double[] reg = new double[total];
            for (int i = 0; i < total; i++) {
                ImageKey key = ImageKey.generate("1.2.826.0.1.3680043.8.498.bench." + i);
                long t0 = System.nanoTime();
                client.register(key, List.of());
                reg[i] = (System.nanoTime() - t0) / 1e6;
                keys.add(key);
            }
            double[] regMeasured = Arrays.copyOfRange(reg, warmup, total);
            System.out.printf("  register %d keys (k=2, n=3): p50 %.2f ms, p99 %.2f ms (first %d not counted)%n",
                    total, pct(regMeasured, 50), pct(regMeasured, 99), warmup);
            System.out.println("register.p50.ms=" + fmt(pct(regMeasured, 50)));

            fetchAll("up", client, keys, warmup);
            servers.get(2).close();
            System.out.println("  stopped server 3 (" + uris.get(2) + ")");
            fetchAll("down1", client, keys, warmup);
        } finally {
            for (int i = 0; i < 2; i++) {
                servers.get(i).close();
            }
            voms.close();
            trust.close();
        }
    }

    static void bulk(Path work, int count, int rounds) throws Exception {
        TestPki pki = TestPki.shared();
        GridTrust trust = GridTrust.fromDirectory(pki.certDir());
        VomsAttributes voms = VomsAttributes.create(pki.vomsDir(), trust);
        GridCredential host = Credentials.load(pki.hostCert(), pki.hostKey());
        List<HydraServer> servers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            servers.add(HydraServer.start(HydraServerConfig.of(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), host, trust, voms,
                    JdbcShareStore.openH2(work.resolve("db" + i)))));
        }
        List<URI> uris = servers.stream().map(HydraServer::uri).toList();
        List<ImageKey> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(ImageKey.generate("1.2.826.0.1.3680043.8.498.bulk." + i));
        }
        List<String> ids = keys.stream().map(ImageKey::keyId).toList();
        java.util.Map<String, ImageKey> byId = new java.util.HashMap<>();
        keys.forEach(k -> byId.put(k.keyId(), k));
        java.util.concurrent.ExecutorService four = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (KeyServers client = new KeyServers(KeyServersConfig.of(uris, 2), Credentials.loadProxy(pki.proxy()), trust)) {
            // Unmeasured: handshakes, class loading and the JIT of both paths.
            List<ImageKey> warm = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ImageKey k = ImageKey.generate("1.2.826.0.1.3680043.8.498.warm." + i);
                client.register(k, List.of());
                warm.add(ImageKey.generate("1.2.826.0.1.3680043.8.498.warmbulk." + i));
            }
            for (var o : client.registerAll(warm, List.of()).values()) {
                o.get();
            }
            long t0 = System.nanoTime();
            for (var o : client.registerAll(keys, List.of()).values()) {
                o.get();
            }
            double registerKps = count / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("  registerAll %d keys: %.0f keys/s%n", count, registerKps);
            System.out.println("bulk.register.kps=" + fmt(registerKps));
            double[] single = new double[rounds];
            double[] parallel = new double[rounds];
            double[] batch = new double[rounds];
            for (int r = -1; r < rounds; r++) {
                double s1 = timed(count, () -> {
                    for (String id : ids) {
                        check(byId.get(id), client.fetch(id));
                    }
                });
                double s4 = timed(count, () -> {
                    List<java.util.concurrent.Future<ImageKey>> got = new ArrayList<>();
                    for (String id : ids) {
                        got.add(four.submit(() -> client.fetch(id)));
                    }
                    for (int i = 0; i < count; i++) {
                        check(keys.get(i), got.get(i).get());
                    }
                });
                double b = timed(count, () -> {
                    for (var o : client.fetchAll(ids).values()) {
                        check(byId.get(o.keyId()), o.get());
                    }
                });
                if (r >= 0) {
                    single[r] = s1;
                    parallel[r] = s4;
                    batch[r] = b;
                }
            }
            System.out.printf("  %d keys, median of %d rounds: fetch one by one %.0f keys/s, fetch from 4 threads %.0f"
                    + " keys/s, fetchAll %.0f keys/s%n", count, rounds, median(single), median(parallel), median(batch));
            System.out.println("bulk.single.kps=" + fmt(median(single)));
            System.out.println("bulk.single4.kps=" + fmt(median(parallel)));
            System.out.println("bulk.fetchall.kps=" + fmt(median(batch)));
        } finally {
            four.shutdownNow();
            for (HydraServer s : servers) {
                s.close();
            }
            voms.close();
            trust.close();
        }
    }

    /** Something to time that may throw. */
    interface Work {
        void run() throws Exception;
    }

    /** Keys per second of {@code work} over {@code count} keys. */
    static double timed(int count, Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return count / ((System.nanoTime() - t0) / 1e9);
    }

    /** WARMUP untimed fetches (keys 0..warmup-1), then every other key timed. */
    static void fetchAll(String label, KeyServers client, List<ImageKey> keys, int warmup) throws Exception {
        for (int i = 0; i < warmup; i++) {
            check(keys.get(i), client.fetch(keys.get(i).keyId()));
        }
        double[] ms = new double[keys.size() - warmup];
        for (int i = warmup; i < keys.size(); i++) {
            ImageKey want = keys.get(i);
            long t0 = System.nanoTime();
            ImageKey got = client.fetch(want.keyId());
            ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            check(want, got);
        }
        System.out.printf("  fetch [%s] %d keys: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", label, ms.length,
                pct(ms, 50), pct(ms, 99), pct(ms, 100));
        System.out.println("fetch." + label + ".p50.ms=" + fmt(pct(ms, 50)));
        System.out.println("fetch." + label + ".p99.ms=" + fmt(pct(ms, 99)));
    }

    static void check(ImageKey want, ImageKey got) {
        if (!want.keyId().equals(got.keyId()) || !Arrays.equals(want.material(), got.material())) {
            throw new IllegalStateException("key " + want.keyId() + " rebuilt wrong");
        }
        got.destroy();
    }

    /** Nearest-rank percentile. */
    static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    static String fmt(double d) {
        return String.format("%.2f", d);
    }
}
