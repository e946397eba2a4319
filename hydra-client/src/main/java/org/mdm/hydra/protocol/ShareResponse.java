package org.mdm.hydra.protocol;

/**
 * Body of the answer to {@code GET /v1/keys/{id}}.
 *
 * @param x     the share's x coordinate, 1..255
 * @param share the share's value, base64
 */
public record ShareResponse(int x, String share) {
    /** Never shows the share. */
    @Override
    public String toString() {
        return "ShareResponse[x=" + x + "]";
    }
}
