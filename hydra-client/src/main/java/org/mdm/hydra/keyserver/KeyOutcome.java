package org.mdm.hydra.keyserver;

import org.mdm.api.MdmException;

/**
 * What a bulk operation of {@link KeyServers} did with one key: its value (the rebuilt key of a
 * fetch; null for a register or delete) or why it failed, with the status and message the
 * single-key operation would have thrown.
 *
 * @param keyId   the key id
 * @param value   the value, or null
 * @param failure the failure, or null on success
 */
public record KeyOutcome<T>(String keyId, T value, MdmException failure) {

    /** A success. */
    public static <T> KeyOutcome<T> ok(String keyId, T value) {
        return new KeyOutcome<>(keyId, value, null);
    }

    /** A failure. */
    public static <T> KeyOutcome<T> failed(String keyId, MdmException failure) {
        return new KeyOutcome<>(keyId, null, failure);
    }

    /** Whether the key succeeded. */
    public boolean ok() {
        return failure == null;
    }

    /**
     * The value.
     *
     * @throws MdmException the key's failure (a new exception with its status and message, so the
     *                      caller's stack shows)
     */
    public T get() throws MdmException {
        if (failure != null) {
            throw new MdmException(failure.status(), failure.getMessage(), failure);
        }
        return value;
    }
}
