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
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolEntry;

/**
 * What the running SE answers on its admin channel: {@code status}, {@code spool ls} and
 * {@code spool evict [--all] [KEY...]}. Answers name files by spool key and servers by AE
 * title; never a patient value or a hospital UID.
 */
final class AdminRequests implements AdminServer.Handler {
    private final Instant started = Instant.now();
    private final MdmRuntime runtime;
    private final Path spoolDir;
    private final Supplier<Map<String, Object>> doors;

    AdminRequests(MdmRuntime runtime, Path spoolDir, Supplier<Map<String, Object>> doors) {
        this.runtime = runtime;
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
        throw new MdmException(Status.INVALID_REQUEST, "Unknown admin request '" + request + "'; this SE answers"
                + " status, spool ls and spool evict. Is the command the same MDM version as the SE?");
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
