package org.mdm.hydra.protocol;

/**
 * Body of every error answer.
 *
 * @param status  the name of an {@link org.mdm.api.Status}
 * @param message what failed and what to do
 */
public record ErrorBody(String status, String message) {
}
