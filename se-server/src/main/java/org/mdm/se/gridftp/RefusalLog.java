package org.mdm.se.gridftp;

import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WARN line per refusal, so that a site sees who tried what: a refused login (untrusted CA,
 * expired or legacy proxy, DN not allowed), VOMS attributes that did not validate, a data channel
 * whose handshake failed, a path denied. Each line names the DN (or, before login, the subject
 * the client offered), the client's address, the command and the reason. Reasons come from the
 * trust and access checks and name certificates and paths only; an ADAT token, a password or a
 * file's content is never logged. WARN because {@code mdm serve} logs org.mdm at WARN by default.
 */
final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

    private final InetAddress client;
    private volatile String who = "unauthenticated";

    RefusalLog(InetAddress client) {
        this.client = client;
    }

    /** From now on refusals name {@code dn}: the client authenticated as it. */
    void authenticatedAs(String dn) {
        who = dn;
    }

    /** Logs that {@code command} (its verb and, for path commands, the path) was refused. */
    void refused(String command, String reason) {
        refused(who, command, reason);
    }

    /** Logs a refusal on behalf of {@code subject} (the certificate offered at a failed login). */
    void refused(String subject, String command, String reason) {
        LOG.warn("refused: dn=\"{}\" client={} command=\"{}\" reason=\"{}\"", subject,
                client == null ? "?" : client.getHostAddress(), oneLine(command), oneLine(reason));
    }

    /** Values come from the peer: a CR or LF would let it forge a log line. */
    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ').replace('"', '\'');
    }
}
