package org.mdm.md.client;

import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * One named site of {@link Sites}: its endpoint and the session kept open to it between
 * commands, opened again when broken. One command at a time.
 */
final class Site {
    private final String name;
    private final Endpoint endpoint;
    private final SSLContext tls;
    private final Timeouts timeouts;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile MetadataConnection connection;
    private volatile boolean removed;

    Site(String name, Endpoint endpoint, SSLContext tls, Timeouts timeouts) {
        this.name = name;
        this.endpoint = endpoint;
        this.tls = tls;
        this.timeouts = timeouts;
    }

    String name() {
        return name;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** Runs {@code command} on this site's session, its rows to {@code rows}. */
    void run(String command, RowSink rows) throws MdmException {
        lock.lock();
        try {
            if (removed) {
                throw new MdmException(Status.CANCELLED, "site " + name + " (" + endpoint + ") was removed");
            }
            MetadataConnection c = connection;
            boolean reused = c != null && c.isOpen();
            if (!reused) {
                c = open();
            }
            try {
                c.execute(command, rows);
            } catch (MdmException e) {
                if (!reused || c.isOpen() || c.lastAnswerBegan() || e.status() != Status.PEER_UNAVAILABLE) {
                    throw named(e);
                }
                // The server closes idle sessions: a kept session it had closed gets no answer
                // at all, and the command never ran there. Once more on a new session.
                open().execute(command, rows);
            }
        } catch (MdmException e) {
            throw named(e);
        } finally {
            lock.unlock();
        }
    }

    /** Drops the session (a later command opens a new one), e.g. to stop a command running on it. */
    void disconnect() {
        MetadataConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    /** Refuses later commands and ends the session (a command running on it fails). */
    void remove() {
        removed = true;
        disconnect();
    }

    private MetadataConnection open() throws MdmException {
        if (removed) {
            throw new MdmException(Status.CANCELLED, "site " + name + " (" + endpoint + ") was removed");
        }
        MetadataConnection c = MetadataConnection.connect(endpoint.host(), endpoint.port(), tls, timeouts);
        connection = c;
        if (removed) { // removed while connecting: do not leave a session behind
            c.close();
            throw new MdmException(Status.CANCELLED, "site " + name + " (" + endpoint + ") was removed");
        }
        return c;
    }

    /** {@code e} with the site's name in front, once. */
    private MdmException named(MdmException e) {
        String prefix = "site " + name + ": ";
        return e.getMessage().startsWith(prefix) ? e : new MdmException(e.status(), prefix + e.getMessage(), e);
    }
}
