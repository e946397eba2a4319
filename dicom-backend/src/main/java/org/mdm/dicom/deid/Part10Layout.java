package org.mdm.dicom.deid;

import java.util.List;
import java.util.Map;

/**
 * The structure of a checked Part 10 stream.
 *
 * @param transferSyntaxUid the data set's transfer syntax, from the meta header
 * @param meta              the meta header's elements as text, by tag ({@code group << 16 | element})
 * @param dataSet           the data set bytes (inflated if the transfer syntax is deflated)
 * @param pixelStart        offset in {@code dataSet} of the top-level Pixel Data element, or -1
 * @param pixelEnd          offset just past it, or -1
 * @param topLevelTags      every top-level tag of the data set, in stream order
 * @param topLevelStarts    the offset in {@code dataSet} of each of those elements
 */
record Part10Layout(String transferSyntaxUid, Map<Integer, String> meta, byte[] dataSet, int pixelStart,
        int pixelEnd, List<Integer> topLevelTags, List<Integer> topLevelStarts) {

    /** The Deflated Explicit VR Little Endian transfer syntax. */
    static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    /** Implicit VR Little Endian. */
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    /** Explicit VR Little Endian. */
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    /** Explicit VR Big Endian (retired, still found in archives). */
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";

    /** True if the object has top-level Pixel Data. */
    boolean hasPixelData() {
        return pixelStart >= 0;
    }

    /** The transfer syntax the data set bytes in {@link #dataSet()} are encoded in. */
    String dataSetEncoding() {
        return DEFLATED.equals(transferSyntaxUid) ? EXPLICIT_LE : transferSyntaxUid;
    }
}
