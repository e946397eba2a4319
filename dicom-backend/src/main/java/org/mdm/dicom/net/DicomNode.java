package org.mdm.dicom.net;

import java.util.Objects;

/**
 * A remote DICOM application entity: AE title, host and port.
 *
 * @param aet  the called AE title (1-16 characters, no backslash or control characters)
 * @param host the host name or address
 * @param port the TCP port
 */
public record DicomNode(String aet, String host, int port) {

    /** Validates the fields. */
    public DicomNode {
        Objects.requireNonNull(aet, "aet");
        Objects.requireNonNull(host, "host");
        if (!isValidAet(aet)) {
            throw new IllegalArgumentException("AE title '" + aet
                    + "' must be 1-16 characters without backslash or control characters, not all spaces");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
    }

    /** PS3.5 AE value representation: 16 characters, no backslash, no control characters. */
    public static boolean isValidAet(String aet) {
        if (aet == null || aet.isEmpty() || aet.length() > 16 || aet.isBlank()) {
            return false;
        }
        for (char c : aet.toCharArray()) {
            if (c == '\\' || c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** {@code AET@host:port}, the form used in every error message about this server. */
    @Override
    public String toString() {
        return aet + "@" + host + ":" + port;
    }
}
