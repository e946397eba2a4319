package org.mdm.register;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of an object's data set (the Part 10 bytes after the meta header): its content, whoever wrote the header. */
final class SourceDigest {
    private SourceDigest() {
    }

    static String of(byte[] part10, int datasetOffset) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(part10, datasetOffset, part10.length - datasetOffset);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
