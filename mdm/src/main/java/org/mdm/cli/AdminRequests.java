package org.mdm.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mdm.api.Backend;
import org.mdm.api.FileAttributes;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolEntry;

/**
 * What the running SE answers on its admin channel: {@code status}, {@code spool ls},
 * {@code spool evict [--all] [KEY...]} and {@code stage PFN} (a registration's dry run beside
 * the running SE, into its spool). Answers name files by spool key and servers by AE title;
 * never a patient value or a hospital UID.
 */
final class AdminRequests implements AdminServer.Handler {
    private final Instant started = Instant.now();
    private final MdmRuntime runtime;
    private final Path spoolDir;
    private final Supplier<Map<String, Object>> doors;
    private final Duration stageTimeout;

    AdminRequests(MdmRuntime runtime, Path spoolDir, Supplier<Map<String, Object>> doors, Duration stageTimeout) {
        this.runtime = runtime;
        this.stageTimeout = stageTimeout;
        this.spoolDir = spoolDir;
        this.doors = doors;
    }

    @Override
    public String answer(String request) throws MdmException {
        List<String> words = Arrays.stream(request.trim().split("\\s+")).toList();
        if (words.equals(List.of("status"))) {
            return AdminAnswers.json(status());
        }
        if (words.equals(List.of("spool", "ls"))) {
            return AdminAnswers.json(SpoolAdmin.list(runtime.spool(), spoolDir));
        }
        if (words.size() >= 2 && words.get(0).equals("spool") && words.get(1).equals("evict")) {
            List<String> rest = words.subList(2, words.size());
            boolean all = rest.contains("--all");
            return AdminAnswers.json(SpoolAdmin.evict(runtime.spool(), all,
                    rest.stream().filter(w -> !w.equals("--all")).toList()));
        }
        if (words.size() == 2 && words.get(0).equals("stage")) {
            FileAttributes sealed = org.mdm.register.DryRun.local(runtime.backends(), stageTimeout).run(words.get(1));
            return AdminAnswers.json(new Staged(sealed.size(), sealed.adler32Hex()));
        }
        throw new MdmException(Status.INVALID_REQUEST, "Unknown admin request '" + words.get(0) + "'; this SE"
                + " answers status, spool ls, spool evict and stage. Is the command the same MDM version as the SE?");
    }

    /** A dry run's answer: the sealed file's size and ADLER32. */
    record Staged(long size, String adler32) {
    }

    /** Everything `mdm status` shows. */
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("started", started.toString());
        status.put("uptime.seconds", Duration.between(started, Instant.now()).toSeconds());
        status.put("doors", doors.get());
        status.put("spool", spool());
        status.put("key.cache.entries", runtime.seal() == null ? 0 : runtime.seal().cachedKeys());
        Map<String, Object> backends = new LinkedHashMap<>();
        for (Backend backend : runtime.backends().backends()) {
            backends.put(backend.name(), backend.status());
        }
        status.put("backends", backends);
        return status;
    }

    private Map<String, Object> spool() {
        List<SpoolEntry> files = runtime.spool().list();
        Map<String, Object> spool = new LinkedHashMap<>();
        spool.put("dir", spoolDir.toString());
        spool.put("files", files.size());
        spool.put("pinned", files.stream().filter(f -> f.pins() > 0).count());
        spool.put("pins", files.stream().mapToInt(SpoolEntry::pins).sum());
        spool.put("used.bytes", runtime.spool().used());
        spool.put("capacity.bytes", runtime.spool().capacity());
        return spool;
    }
}
