package org.mdm.se.gridftp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mdm.api.MdmException;
import org.mdm.se.SessionListener;
import org.mdm.se.StorageElement;
import org.mdm.security.admission.LoginSlot;
import org.mdm.security.admission.PreAuthGuard;
import org.mdm.security.gsi.DelegationKeys;

/**
 * The GridFTP door (RFC 959, RFC 2228 with GSI, GFD.20): accepts control connections and runs one
 * {@link Session} per client. Before login a connection is admitted by a {@link PreAuthGuard}
 * (its own bound, a bound per client address, a login deadline: see {@link DoorSettings#preAuth()});
 * logged-in sessions are bounded by {@link DoorSettings#maxSessions()} (see {@link LoginSlot}).
 * Over either bound the client gets 421 rather than a queue. Read-only.
 */
public final class GridFtpDoor implements AutoCloseable {
    static {
        prepareJsse();
    }

    /**
     * Globus clients send the user's CN (with spaces) as SNI on data channels and JSSE aborts
     * those handshakes (PROTOCOLS.md): this turns server-side SNI off JVM-wide unless the JVM
     * was started with its own {@code jdk.tls.server.disableExtensions}. JSSE reads it once, so a
     * program embedding the door calls this before its first TLS use (mdm's Main does).
     */
    public static void prepareJsse() {
        if (System.getProperty("jdk.tls.server.disableExtensions") == null) {
            System.setProperty("jdk.tls.server.disableExtensions", "server_name");
        }
    }

    private static final SessionListener.Door DOOR = new SessionListener.Door("GridFTP door", "storage element",
            "gridftp", "se.gridftp.port", why -> ("421 " + why + ": try again later.\r\n")
                    .getBytes(StandardCharsets.US_ASCII));

    private final SessionListener listener;
    private final DoorSettings settings;
    private final StorageElement se;
    private final DelegationKeys keys = new DelegationKeys("gridftp-delegation-keys");
    private final DoorActivity activity = new DoorActivity();

    private GridFtpDoor(SessionListener listener, DoorSettings settings, StorageElement se) {
        this.listener = listener;
        this.settings = settings.withWorkers(listener.workers());
        this.se = se;
    }

    /**
     * Starts the door.
     *
     * @throws MdmException CONFIGURATION_ERROR when the port cannot be bound
     */
    public static GridFtpDoor start(DoorSettings settings, StorageElement se) throws MdmException {
        SessionListener listener = SessionListener.bind(DOOR, settings.address(), settings.port(),
                settings.maxSessions(), settings.preAuth());
        GridFtpDoor door = new GridFtpDoor(listener, settings, se);
        listener.accept((socket, slot) -> new Session(new ControlChannel(socket), door.settings, se, door.keys, slot,
                door.activity)::run);
        return door;
    }

    public int port() {
        return listener.port();
    }

    /** What an administrator watches (`mdm status`): sessions, logins in progress, transfers. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("port", port());
        status.put("sessions", listener.sessions());
        status.put("logging.in", listener.loggingIn());
        status.put("transfers.in.flight", activity.inFlight());
        status.put("transfers.completed", activity.completed());
        status.put("transfers.failed", activity.failed());
        return status;
    }

    /** Connections served now: logged-in sessions and those still logging in. */
    public int activeSessions() {
        return listener.sessions() + listener.loggingIn();
    }

    /** Stops accepting and ends every session. */
    @Override
    public void close() {
        listener.close();
        keys.close();
    }
}
