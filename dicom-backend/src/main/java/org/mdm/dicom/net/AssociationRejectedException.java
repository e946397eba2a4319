package org.mdm.dicom.net;

/** The peer answered A-ASSOCIATE-RJ (or aborted during negotiation). */
final class AssociationRejectedException extends DicomProtocolException {
    private static final long serialVersionUID = 1L;

    AssociationRejectedException(String message) {
        super(message);
    }

    /** Explains an A-ASSOCIATE-RJ in words (PS3.8 §9.3.4). */
    static AssociationRejectedException of(int result, int source, int reason) {
        String why;
        if (source == 1 && reason == 3) {
            why = "calling AE title not recognized";
        } else if (source == 1 && reason == 7) {
            why = "called AE title not recognized";
        } else if (source == 1 && reason == 2) {
            why = "application context not supported";
        } else if (source == 3 && reason == 1) {
            why = "temporary congestion";
        } else if (source == 3 && reason == 2) {
            why = "local limit exceeded";
        } else {
            why = "no reason given";
        }
        return new AssociationRejectedException("rejected the association (" + (result == 1 ? "permanent" : "transient")
                + ", source " + source + ", reason " + reason + ": " + why + ")");
    }
}
