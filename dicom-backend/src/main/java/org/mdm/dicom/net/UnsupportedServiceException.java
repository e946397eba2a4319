package org.mdm.dicom.net;

/** The server did not accept the presentation context a service needs. */
final class UnsupportedServiceException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedServiceException(String service) {
        super("did not accept " + service);
    }
}
