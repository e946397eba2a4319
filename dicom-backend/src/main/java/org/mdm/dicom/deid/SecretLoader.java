package org.mdm.dicom.deid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.mdm.api.MdmException;

/**
 * Loads the site secret. The secret decides every replacement UID and date offset: whoever reads
 * it can link de-identified objects back to candidate originals, so a file that group or others
 * can read is refused rather than used. Its bytes are used as they are (no trimming).
 */
final class SecretLoader {
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretLoader() {
    }

    /** The secret from exactly one of a file path or a hex string. */
    static byte[] load(String file, String hex) throws MdmException {
        if (file != null && hex != null) {
            throw DeidTransformProvider.error("set only one of '" + DeidTransformProvider.SECRET_FILE + "' and '"
                    + DeidTransformProvider.SECRET + "'");
        }
        if (file == null && hex == null) {
            throw DeidTransformProvider.error("'" + DeidTransformProvider.SECRET_FILE + "' is required: the path of a"
                    + " file of at least " + DeidTransformProvider.MIN_SECRET_BYTES + " random bytes (e.g. 'head -c 32"
                    + " /dev/urandom > deid.key && chmod 600 deid.key')");
        }
        byte[] secret = file != null ? fromFile(Path.of(file)) : fromHex(hex);
        if (secret.length < DeidTransformProvider.MIN_SECRET_BYTES) {
            throw DeidTransformProvider.error("the secret " + (file != null ? "in '" + file + "' " : "")
                    + "is " + secret.length + " bytes; at least " + DeidTransformProvider.MIN_SECRET_BYTES
                    + " are needed (key '" + (file != null ? DeidTransformProvider.SECRET_FILE
                    : DeidTransformProvider.SECRET) + "')");
        }
        return secret;
    }

    private static byte[] fromHex(String hex) throws MdmException {
        try {
            return HexFormat.of().parseHex(hex.trim());
        } catch (IllegalArgumentException e) {
            throw DeidTransformProvider.error("'" + DeidTransformProvider.SECRET + "' must be hexadecimal digits");
        }
    }

    private static byte[] fromFile(Path path) throws MdmException {
        String key = "'" + DeidTransformProvider.SECRET_FILE + "' (" + path + ")";
        if (!Files.isRegularFile(path)) {
            throw DeidTransformProvider.error(key + " is not a readable file");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
                throw DeidTransformProvider.error(key + " is accessible to group or others; run 'chmod 600 " + path
                        + "'");
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its ACLs are the administrator's responsibility.
        } catch (IOException e) {
            throw DeidTransformProvider.error(key + " cannot be inspected: " + e.getMessage());
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw DeidTransformProvider.error(key + " cannot be read: " + e.getMessage());
        }
    }
}
