package org.mdm.dicom;

import java.util.regex.Pattern;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The DICOM UI value grammar (PS3.5 §9.1): components of digits separated by single dots, at
 * most 64 characters. Components with a leading zero are accepted because real archives hold
 * such UIDs; nothing outside digits and dots is, so a UID can never reach a file path as
 * {@code ..} or {@code /}.
 */
public final class Uids {
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    /** The longest UID the standard allows. */
    public static final int MAX_LENGTH = 64;

    private Uids() {
    }

    /** True if the text is a syntactically valid UID. */
    public static boolean isValid(String uid) {
        return uid != null && !uid.isEmpty() && uid.length() <= MAX_LENGTH && UID.matcher(uid).matches();
    }

    /**
     * Returns the UID or throws naming it and where it came from.
     *
     * @param what  which UID it is, e.g. "SOP Instance UID"
     * @param where what held it, e.g. the PFN
     */
    public static String require(String uid, String what, String where) throws MdmException {
        if (!isValid(uid)) {
            throw new MdmException(Status.INVALID_PATH, "Invalid " + what + " '" + shorten(uid) + "' in " + where
                    + ": a DICOM UID is 1-64 characters of digits separated by single dots (e.g. 1.2.840.10008.1.1).");
        }
        return uid;
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
