package org.mdm.dicom.net;

/**
 * One object received by the push SCP, whole in memory (never on disk).
 *
 * @param callingAet     the sender's AE title, known to the SCP's configuration
 * @param peerHost       the sender's address, for messages
 * @param sopClassUid    an image storage SOP class
 * @param sopInstanceUid the SOP Instance UID announced and found in the data set
 * @param transferSyntax the transfer syntax the data set is encoded in
 * @param part10         preamble, File Meta Information and data set: a complete DICOM file image
 */
public record PushedObject(String callingAet, String peerHost, String sopClassUid, String sopInstanceUid,
        String transferSyntax, byte[] part10) {

    /** How messages name the object: by sender, never by a value from it. */
    public String describe() {
        return "the image AE " + callingAet + " (" + peerHost + ") pushed";
    }
}
