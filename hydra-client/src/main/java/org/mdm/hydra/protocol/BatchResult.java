package org.mdm.hydra.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a batch did with one key: the HTTP status the single-key operation would have answered
 * (200/201/204 on success, 403, 404, 409…) with the share (batch get, 200 only), the ACL replaced
 * (batch acl, 200 only) or the error body. Batch acl also answers 424 for a key left unchanged
 * because another key of the batch failed.
 *
 * @param id       the key id
 * @param status   the single-key operation's HTTP status
 * @param x        the share's x coordinate (batch get, 200), else null
 * @param share    the share's value, base64 (batch get, 200), else null
 * @param error    why the key failed, else null
 * @param previous the owner and ACL the key had before (batch acl, 200), else null: what a
 *                 client puts back to undo the change
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchResult(String id, int status, Integer x, String share, ErrorBody error, AclDocument previous) {

    /** HTTP 424 Failed Dependency: the key was fine, but another key of its all-or-nothing batch failed. */
    public static final int NOT_CHANGED = 424;

    /** A success without a body. */
    public static BatchResult done(String id, int status) {
        return new BatchResult(id, status, null, null, null, null);
    }

    /** A share served. */
    public static BatchResult share(String id, ShareResponse share) {
        return new BatchResult(id, 200, share.x(), share.share(), null, null);
    }

    /** A failure. */
    public static BatchResult failed(String id, int status, ErrorBody error) {
        return new BatchResult(id, status, null, null, error, null);
    }

    /** An ACL replaced (batch acl): 200 with what it replaced. */
    public static BatchResult aclSet(String id, AclDocument previous) {
        return new BatchResult(id, 200, null, null, null, previous);
    }

    /** Never shows the share. */
    @Override
    public String toString() {
        return "BatchResult[" + id + ", " + status + (error == null ? "" : ", " + error) + "]";
    }
}
