package org.mdm.catalog;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Names the process that holds a registration-journal row ({@code host/pid/start/nonce}), and
 * tells whether the holder of a row is gone. On this host that is exact: the process is gone, or
 * its pid now belongs to a process that started at another time (a kill -9 is seen at once). For
 * a holder on another host (a shared PostgreSQL catalogue) only its lease says it is alive.
 */
public final class JournalHolder {
    private static final String LOCAL_HOST = localHost();

    private final String id;

    private JournalHolder(String id) {
        this.id = id;
    }

    /** A holder for this process; the nonce keeps two registrars of one process apart. */
    public static JournalHolder forThisProcess() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new JournalHolder(LOCAL_HOST + "/" + self.pid() + "/" + start + "/"
                + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The id written to the journal. */
    public String id() {
        return id;
    }

    /** Whether {@code step} was left by a holder that is gone (or its lease ran out), so it may be undone. */
    public static boolean abandoned(RegistrationJournal.Step step, Instant now) {
        if (step.holder() == null || now.isAfter(step.leaseUntil())) {
            return true;
        }
        String[] parts = step.holder().split("/");
        if (parts.length != 4 || !parts[0].equals(LOCAL_HOST)) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            long start = Long.parseLong(parts[2]);
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            return p.isEmpty() || !p.get().isAlive()
                    || p.get().info().startInstant().map(Instant::toEpochMilli).orElse(start) != start;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
