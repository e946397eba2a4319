package org.mdm.dicom.net;

import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The structural check MDM applies to every object it receives, offered to registration for the
 * files it is given: a truncated or malformed data set is refused before anything is stored.
 */
public final class ObjectCheck {
    private ObjectCheck() {
    }

    /**
     * Checks the data set {@code part10[start..]} encoded in {@code transferSyntax}.
     *
     * @param where what the bytes are, for the message (e.g. "file /x/y.dcm")
     * @throws MdmException CORRUPT_DATA naming where and what is wrong (never a value)
     */
    public static void requireWhole(byte[] part10, int start, String transferSyntax, String where)
            throws MdmException {
        try {
            DatasetCheck.check(part10, start, part10.length, transferSyntax);
        } catch (CorruptObjectException e) {
            throw new MdmException(Status.CORRUPT_DATA, "Cannot register " + where + ": its data set is "
                    + e.getMessage() + ". The file may be truncated; check it with dciodvfy or dcmdump.", e);
        }
    }
}
