package org.mdm.se;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SE's access log: one line per transfer, and one per failed stage with its cause, as
 * {@code KEY=value} pairs in the spirit of globus-gridftp-server's transfer log and dCache's
 * billing, so a site's parsers need only a new field list. It goes to the SLF4J logger
 * {@value #LOGGER}, which {@code mdm serve} sends to its own size-rotated file.
 *
 * <p>Lines name the path the client asked for, never the PFN behind it; numeric UIDs inside a
 * failure's cause are replaced by {@code <uid>}, so no hospital UID from a backend's message
 * reaches the file.
 */
public final class AccessLog {
    /** The logger every door writes its access lines to. */
    public static final String LOGGER = "org.mdm.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** A dotted numeric UID: three parts or more, not an IPv4 address followed by a port or after '@'. */
    private static final Pattern UID = Pattern.compile("(?<![@\\w.])\\d+(?:\\.\\d+){2,}(?![\\w.:])");
    private static final Pattern PFN = Pattern.compile("\\b[a-z][a-z0-9+.-]*://\\S+");

    /** One transfer as the door saw it. */
    public record Transfer(String door, InetAddress client, GridPrincipal user, String type, String path,
            long bytes, int streams, Duration took, Boolean spoolHit, int code) {
    }

    private AccessLog() {
    }

    /** Logs a transfer that ended with {@code code} (226, or the error reply's code). */
    public static void transfer(Transfer t) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("DATE={} EVENT=TRANSFER DOOR={} HOST={} USER=\"{}\" FQAN=\"{}\" TYPE={} FILE=\"{}\" NBYTES={}"
                + " STREAMS={} DURATION={} SPOOL={} CODE={}", Instant.now(), t.door(), t.client().getHostAddress(),
                quoted(t.user().dn()), quoted(primaryFqan(t.user())), t.type(), quoted(t.path()), t.bytes(),
                t.streams(), seconds(t.took()), t.spoolHit() == null ? "-" : t.spoolHit() ? "hit" : "cold",
                t.code());
    }

    /** Logs a stage that failed, with its status and its cause. */
    public static void stageFailed(Transfer t, MdmException cause) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("DATE={} EVENT=STAGE_FAILED DOOR={} HOST={} USER=\"{}\" FQAN=\"{}\" FILE=\"{}\" DURATION={}"
                + " STATUS={} CODE={} REASON=\"{}\"", Instant.now(), t.door(), t.client().getHostAddress(),
                quoted(t.user().dn()), quoted(primaryFqan(t.user())), quoted(t.path()), seconds(t.took()),
                cause.status(), t.code(), quoted(withoutIdentifiers(cause.getMessage())));
    }

    /**
     * Logs one request of a door that answers requests rather than moving files (SRM): its
     * operation and outcome; the files it names are logged when they are transferred.
     */
    public static void request(String door, InetAddress client, GridPrincipal user, String operation, String status,
            Duration took) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("DATE={} EVENT=REQUEST DOOR={} HOST={} USER=\"{}\" FQAN=\"{}\" OPERATION={} STATUS={} DURATION={}",
                Instant.now(), door, client == null ? "-" : client.getHostAddress(), quoted(user.dn()),
                quoted(primaryFqan(user)), quoted(operation), status, seconds(took));
    }

    /** {@code text} with every PFN and dotted numeric UID replaced. */
    public static String withoutIdentifiers(String text) {
        String noPfn = PFN.matcher(text == null ? "" : text).replaceAll("<pfn>");
        return UID.matcher(noPfn).replaceAll("<uid>");
    }

    private static String primaryFqan(GridPrincipal user) {
        return user.fqans().isEmpty() ? "" : user.fqans().get(0);
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    /** Keeps a value inside its quotes: a DN or path with a quote or a line break cannot forge a field. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
    }
}
