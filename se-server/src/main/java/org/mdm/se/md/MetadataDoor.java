package org.mdm.se.md;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.mdm.api.MdmException;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.se.SessionListener;
import org.mdm.security.admission.PreAuthGuard;

/**
 * The metadata service ({@code md.port}): the catalogue's metadata over AMGA's streamed ASCII
 * protocol, so AMGA's clients and {@code mdm query} read it; every row filtered by the caller's
 * rights. One thread per session; before its TLS login a connection is admitted by a
 * {@link PreAuthGuard} (its own bounds and deadline), after it holds one of the session slots.
 */
public final class MetadataDoor implements AutoCloseable {
    private static final SessionListener.Door DOOR = new SessionListener.Door("metadata service", "metadata service",
            "md", "md.port", why -> ("99 " + why + ": try again later.\n").getBytes(StandardCharsets.US_ASCII));

    private final SessionListener listener;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "md-watchdog");
        t.setDaemon(true);
        return t;
    });

    private MetadataDoor(SessionListener listener) {
        this.listener = listener;
    }

    /**
     * Starts the service over the catalogue {@code db}.
     *
     * @throws MdmException CONFIGURATION_ERROR when the port cannot be bound
     */
    public static MetadataDoor start(MdSettings settings, CatalogDatabase db) throws MdmException {
        SessionListener listener = SessionListener.bind(DOOR, settings.address(), settings.port(),
                settings.maxSessions(), settings.preAuth());
        MetadataDoor door = new MetadataDoor(listener);
        MdCommands commands = new MdCommands(db);
        // An AMGA error line before the greeting, when full: the client reads it as the refusal it is.
        listener.accept((socket, slot) -> new MdSession(socket, settings, slot, commands, door.watchdog)::run);
        return door;
    }

    public int port() {
        return listener.port();
    }

    /** What an administrator watches ({@code mdm status}). */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("port", port());
        status.put("sessions", listener.sessions());
        status.put("logging.in", listener.loggingIn());
        return status;
    }

    /** Stops accepting and ends every session. */
    @Override
    public void close() {
        listener.close();
        watchdog.shutdownNow();
    }
}
