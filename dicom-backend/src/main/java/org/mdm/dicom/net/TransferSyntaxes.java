package org.mdm.dicom.net;

import java.util.List;

/** Transfer syntax UIDs (PS3.6 Annex A) and the groups this package proposes. */
final class TransferSyntaxes {
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
    static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    static final String JPEG_LS_NEAR = "1.2.840.10008.1.2.4.81";
    static final String J2K_LOSSLESS = "1.2.840.10008.1.2.4.90";
    static final String J2K = "1.2.840.10008.1.2.4.91";
    static final String RLE = "1.2.840.10008.1.2.5";

    /** Every transfer syntax we propose for the most common image classes. */
    static final List<String> ALL = List.of(EXPLICIT_LE, IMPLICIT_LE, EXPLICIT_BE, DEFLATED_LE, JPEG_BASELINE,
            JPEG_EXTENDED, JPEG_LOSSLESS, JPEG_LOSSLESS_SV1, JPEG_LS_LOSSLESS, JPEG_LS_NEAR, J2K_LOSSLESS, J2K, RLE);
    /** The ones archives hold most often, for the less common image classes. */
    static final List<String> COMMON = List.of(EXPLICIT_LE, IMPLICIT_LE, EXPLICIT_BE, JPEG_BASELINE,
            JPEG_LOSSLESS_SV1, J2K_LOSSLESS, J2K, RLE);
    /** Native encodings only, for non-image objects (one context listing all of them). */
    static final List<String> NATIVE = List.of(EXPLICIT_LE, IMPLICIT_LE, EXPLICIT_BE, DEFLATED_LE);

    private TransferSyntaxes() {
    }
}
