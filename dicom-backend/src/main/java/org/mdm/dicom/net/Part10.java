package org.mdm.dicom.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.mdm.dicom.FileMetaInformation;

/**
 * Builds the Part 10 prefix (128-byte preamble, "DICM", File Meta Information in Explicit VR
 * Little Endian) that turns a received data set into a complete DICOM file image in memory.
 */
final class Part10 {
    private Part10() {
    }

    /** The preamble and meta header for a data set of the given identity and transfer syntax. */
    static byte[] header(String sopClass, String sopInstance, String transferSyntax, String sourceAet) {
        byte[] meta = FileMetaInformation.encode(sopClass, sopInstance, transferSyntax, Pdu.IMPLEMENTATION_CLASS_UID,
                Pdu.IMPLEMENTATION_VERSION, sourceAet);
        ByteArrayOutputStream out = new ByteArrayOutputStream(meta.length + 132);
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(meta);
        return out.toByteArray();
    }
}
