package org.mdm.dicom.net;

import java.util.Objects;

/**
 * One DICOM object as received from a server, held in memory only (an unsealed image never
 * touches disk): a complete Part 10 byte stream (preamble, meta header, dataset in the
 * transfer syntax the server chose).
 *
 * @param sopClassUid       the SOP Class UID
 * @param sopInstanceUid    the SOP Instance UID
 * @param transferSyntaxUid the transfer syntax of the dataset
 * @param part10            the Part 10 bytes
 */
public record RetrievedInstance(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, byte[] part10) {

    /** Validates the fields. */
    public RetrievedInstance {
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
        Objects.requireNonNull(part10, "part10");
    }

    /** Never shows content. */
    @Override
    public String toString() {
        return "RetrievedInstance[" + sopInstanceUid + ", " + part10.length + " bytes, ts " + transferSyntaxUid + "]";
    }
}
