package org.mdm.api;

/**
 * The outcome of a failed operation, with its mapping to the two protocols our doors speak.
 *
 * <p>SRM codes are the {@code TStatusCode} names of SRM v2.2; FTP codes are RFC 959 reply
 * codes as GridFTP clients interpret them (gfal2 maps 550 with "No such file" to ENOENT).
 */
public enum Status {
    /** The path or PFN is malformed. */
    INVALID_PATH(Category.USER, "SRM_INVALID_PATH", 501),
    /** The named file does not exist at its source. */
    NOT_FOUND(Category.USER, "SRM_INVALID_PATH", 550),
    /** Something of that name exists already (a path, a registered image). */
    ALREADY_EXISTS(Category.USER, "SRM_DUPLICATION_ERROR", 553),
    /** The caller may not do this. */
    AUTHORIZATION_FAILURE(Category.USER, "SRM_AUTHORIZATION_FAILURE", 550),
    /** The request is well formed but asks for something unsupported. */
    NOT_SUPPORTED(Category.USER, "SRM_NOT_SUPPORTED", 504),
    /** The request itself is invalid (bad argument). */
    INVALID_REQUEST(Category.USER, "SRM_INVALID_REQUEST", 501),
    /** There is not enough space to hold the file; nothing was written. */
    NO_FREE_SPACE(Category.SYSTEM, "SRM_NO_FREE_SPACE", 452),
    /** A peer (DICOM server, key server) could not be reached or refused us. */
    PEER_UNAVAILABLE(Category.SYSTEM, "SRM_FAILURE", 421),
    /** A deadline passed before the work was done. */
    TIMEOUT(Category.SYSTEM, "SRM_REQUEST_TIMED_OUT", 451),
    /** The request was cancelled by its caller. */
    CANCELLED(Category.USER, "SRM_ABORTED", 426),
    /** A peer sent data that is not what it should be (truncated, not DICOM, wrong checksum). */
    CORRUPT_DATA(Category.SYSTEM, "SRM_FAILURE", 451),
    /** A local resource failed (disk I/O). */
    IO_ERROR(Category.SYSTEM, "SRM_FAILURE", 451),
    /** The configuration is invalid. */
    CONFIGURATION_ERROR(Category.CONFIGURATION, "SRM_INTERNAL_ERROR", 451),
    /** A bug: an invariant did not hold. */
    INTERNAL_ERROR(Category.SYSTEM, "SRM_INTERNAL_ERROR", 451);

    private final Category category;
    private final String srmCode;
    private final int ftpCode;

    Status(Category category, String srmCode, int ftpCode) {
        this.category = category;
        this.srmCode = srmCode;
        this.ftpCode = ftpCode;
    }

    /** Who has to act on this failure. */
    public Category category() {
        return category;
    }

    /** The SRM v2.2 {@code TStatusCode} name a door reports for this status. */
    public String srmCode() {
        return srmCode;
    }

    /** The FTP reply code a GridFTP door sends for this status. */
    public int ftpCode() {
        return ftpCode;
    }
}
