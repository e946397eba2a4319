package org.mdm.hydra.protocol;

import java.util.regex.Pattern;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** The key ids the key servers accept: 1..128 characters of [A-Za-z0-9._-] (DICOM UIDs fit). */
public final class KeyIds {
    /** Longest key id. */
    public static final int MAX_LENGTH = 128;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private KeyIds() {
    }

    /** Whether {@code keyId} is acceptable. */
    public static boolean isValid(String keyId) {
        return keyId != null && KEY_ID.matcher(keyId).matches();
    }

    /**
     * Returns {@code keyId} if acceptable.
     *
     * @throws MdmException INVALID_REQUEST otherwise; the id is not echoed since it may be anything
     */
    public static String check(String keyId) throws MdmException {
        if (!isValid(keyId)) {
            throw new MdmException(Status.INVALID_REQUEST, "invalid key id (length "
                    + (keyId == null ? 0 : keyId.length()) + "): use 1.." + MAX_LENGTH
                    + " characters of A-Z a-z 0-9 . _ -");
        }
        return keyId;
    }
}
