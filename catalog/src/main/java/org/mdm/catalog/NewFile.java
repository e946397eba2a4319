package org.mdm.catalog;

/**
 * A file about to be recorded in the name space (registration's last step).
 *
 * @param size    exact size of the sealed file, from the dry run
 * @param adler32 ADLER32 of the sealed file, 8 hex digits
 */
public record NewFile(NsPath path, String ownerDn, String group, int mode, long size, String adler32, String pfn,
        String guid) {

    public NewFile {
        if (size < 0 || adler32 == null || !adler32.matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("size and ADLER32 (8 lower-case hex digits) are required");
        }
    }
}
