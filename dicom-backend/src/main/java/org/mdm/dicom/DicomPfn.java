package org.mdm.dicom;

import java.util.Set;
import java.util.TreeSet;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.Status;
import org.mdm.dicom.net.DicomNode;

/**
 * A PFN of the DICOM backend, naming one image or one series on one DICOM server:
 *
 * <pre>
 *   dicom://&lt;AET&gt;@&lt;host&gt;[:&lt;port&gt;]/&lt;StudyInstanceUID&gt;/&lt;SeriesInstanceUID&gt;/&lt;SOPInstanceUID&gt;[?transform=&lt;name&gt;]
 *   dicom://&lt;AET&gt;@&lt;host&gt;[:&lt;port&gt;]/&lt;StudyInstanceUID&gt;/&lt;SeriesInstanceUID&gt;[?transform=&lt;name&gt;]   (a series)
 * </pre>
 *
 * The port defaults to 104; the transform to {@code deid}. Every UID must satisfy {@link Uids};
 * no other query parameter is accepted, so a typo fails loudly instead of being ignored.
 *
 * @param node        the DICOM server
 * @param studyUid    the Study Instance UID
 * @param seriesUid   the Series Instance UID
 * @param instanceUid the SOP Instance UID, or null when the PFN names a whole series
 * @param transform   the transform applied before spooling
 */
public record DicomPfn(DicomNode node, String studyUid, String seriesUid, String instanceUid, String transform) {
    /** The PFN scheme of this backend. */
    public static final String SCHEME = "dicom";
    /** The port used when a PFN names none (the DICOM well-known port). */
    public static final int DEFAULT_PORT = 104;
    /** The transform used when a PFN names none. */
    public static final String DEFAULT_TRANSFORM = "deid";
    private static final Set<String> QUERY_KEYS = Set.of("transform");

    /**
     * Parses and validates a PFN.
     *
     * @throws MdmException {@link Status#INVALID_PATH} naming the PFN and the fault
     */
    public static DicomPfn parse(Pfn pfn) throws MdmException {
        String where = "PFN '" + pfn + "'";
        if (!SCHEME.equals(pfn.scheme())) {
            throw invalid(pfn, "the scheme must be 'dicom'");
        }
        String aet = pfn.userInfo();
        if (aet == null || !DicomNode.isValidAet(aet)) {
            throw invalid(pfn, "it must start dicom://<AET>@<host>:<port>/ with an AE title of 1-16 characters");
        }
        if (pfn.host() == null || pfn.host().isEmpty()) {
            throw invalid(pfn, "it names no host");
        }
        TreeSet<String> unknown = new TreeSet<>(pfn.query().keySet());
        unknown.removeAll(QUERY_KEYS);
        if (!unknown.isEmpty()) {
            throw invalid(pfn, "unknown query parameters " + unknown + " (only 'transform' is accepted)");
        }
        String[] parts = pfn.path().split("/", -1);
        if (parts.length < 3 || parts.length > 4 || !parts[0].isEmpty()) {
            throw invalid(pfn, "the path must be /<StudyUID>/<SeriesUID>[/<SOPInstanceUID>]");
        }
        String study = Uids.require(parts[1], "Study Instance UID", where);
        String series = Uids.require(parts[2], "Series Instance UID", where);
        String instance = parts.length == 4 ? Uids.require(parts[3], "SOP Instance UID", where) : null;
        String transform = pfn.query("transform", DEFAULT_TRANSFORM);
        if (!transform.matches("[a-z][a-z0-9-]{0,31}")) {
            throw invalid(pfn, "transform '" + transform + "' is not a transform name");
        }
        int port = pfn.port() == -1 ? DEFAULT_PORT : pfn.port();
        return new DicomPfn(new DicomNode(aet, pfn.host(), port), study, series, instance, transform);
    }

    /** Parses text as a PFN and then as a DICOM PFN. */
    public static DicomPfn parse(String text) throws MdmException {
        return parse(Pfn.parse(text));
    }

    private static MdmException invalid(Pfn pfn, String why) {
        return new MdmException(Status.INVALID_PATH, "Invalid DICOM PFN '" + pfn + "': " + why
                + ". Expected dicom://<AET>@<host>:<port>/<StudyUID>/<SeriesUID>/<SOPInstanceUID>?transform=deid");
    }

    /** True if this PFN names a whole series rather than one image. */
    public boolean isSeries() {
        return instanceUid == null;
    }

    /** The canonical text of this PFN (explicit port and transform), used to derive spool keys. */
    public String canonical() {
        return SCHEME + "://" + node.aet() + "@" + node.host() + ":" + node.port() + "/" + studyUid + "/" + seriesUid
                + (instanceUid == null ? "" : "/" + instanceUid) + "?transform=" + transform;
    }

    @Override
    public String toString() {
        return canonical();
    }
}
