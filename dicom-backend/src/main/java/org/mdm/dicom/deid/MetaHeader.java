package org.mdm.dicom.deid;

import org.mdm.dicom.FileMetaInformation;

/**
 * A fresh File Meta Information group (PS3.10 7.1), encoded by hand so that it holds exactly
 * what is listed here: no source AE title, no private information, no timestamps from the
 * original or from the clock (PS3.15 E.1.1 step 7 asks for the meta header to be replaced).
 */
final class MetaHeader {
    /** Identifies the writer; a fixed 2.25 UID minted once for MDM's de-identifier. */
    static final String IMPLEMENTATION_CLASS_UID = "2.25.125249022937688335253295139996884045572";
    /** At most 16 characters. */
    static final String IMPLEMENTATION_VERSION_NAME = "MDM_DEID_1";

    private MetaHeader() {
    }

    /** The meta group, group length first, as explicit VR little endian bytes. */
    static byte[] encode(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {
        return FileMetaInformation.encode(sopClassUid, sopInstanceUid, transferSyntaxUid, IMPLEMENTATION_CLASS_UID,
                IMPLEMENTATION_VERSION_NAME, null);
    }

    /** The meta elements as {@link Part10Scanner} reports them, to compare with the original's. */
    static java.util.Map<Integer, String> asText(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {
        return java.util.Map.of(0x00020001, "0001", 0x00020002, sopClassUid, 0x00020003, sopInstanceUid,
                0x00020010, transferSyntaxUid, 0x00020012, IMPLEMENTATION_CLASS_UID,
                0x00020013, IMPLEMENTATION_VERSION_NAME);
    }
}
