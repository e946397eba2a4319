package org.mdm.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.mdm.api.Backend;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.Stagers;
import org.mdm.api.StageResult;
import org.mdm.api.Status;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;
import org.mdm.api.spool.SpoolWriter;
import org.mdm.api.transform.TransformReport;

/**
 * Serves {@code file://} PFNs under one directory by copying the file into the spool as it is
 * (no transform, no seal): for data that is not patient data, such as the door's throughput
 * benchmark. It exists to show that the SPI takes any backend.
 */
final class FileBackend implements Backend {
    private static final String SCHEME = "file";

    private final String name;
    private final FileRoot root;
    private final Spool spool;
    private final Stagers stagers;
    private final ConcurrentHashMap<SpoolKey, Object> copying = new ConcurrentHashMap<>();

    FileBackend(String name, FileRoot root, Spool spool, ExecutorService stagers) {
        this.name = name;
        this.root = root;
        this.spool = spool;
        this.stagers = new Stagers(name, stagers);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public void validate(Pfn pfn) throws MdmException {
        root.lexical(pfn);
    }

    @Override
    public Optional<SpoolKey> spoolKey(Pfn pfn) {
        try {
            return Optional.of(keyOf(root.resolve(pfn)));
        } catch (MdmException e) {
            return Optional.empty();
        }
    }

    @Override
    public void stage(StageRequest request) {
        stagers.submit(request, this::stageNow);
    }

    private StageResult stageNow(StageRequest request) throws MdmException {
        request.checkActive();
        Path file = root.resolve(request.pfn());
        SpoolKey key = keyOf(file);
        // One copy per file at a time: a second request waits and then finds it spooled.
        synchronized (copying.computeIfAbsent(key, k -> new Object())) {
            Optional<SpoolFile> hit = spool.open(key);
            if (hit.isPresent()) {
                return new StageResult(hit.get(), true, TransformReport.EMPTY);
            }
            return new StageResult(copy(file, key, request.pfn()), false, TransformReport.EMPTY);
        }
    }

    private SpoolFile copy(Path file, SpoolKey key, Pfn pfn) throws MdmException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            try (SpoolWriter writer = spool.allocate(key, size)) {
                for (long done = 0; done < size; ) {
                    long n = in.transferTo(done, size - done, writer);
                    if (n <= 0 && in.size() < size) {
                        throw new MdmException(Status.IO_ERROR, pfn + " shrank while it was being staged; retry.");
                    }
                    done += n;
                }
                return writer.commit();
            }
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot stage " + pfn + ": " + e.getMessage() + ".", e);
        }
    }

    /** A hash of the real path: file names stay out of the spool's own names. */
    private static SpoolKey keyOf(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(file.toString().getBytes(StandardCharsets.UTF_8));
            return new SpoolKey("file-" + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public java.util.Map<String, Object> status() {
        Stagers.Load load = stagers.load();
        return java.util.Map.of("stages.running", load.running(), "stages.queued", load.queued());
    }

    @Override
    public void close() {
        stagers.close();
    }
}
