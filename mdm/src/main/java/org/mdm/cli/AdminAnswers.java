package org.mdm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** The JSON both ends of the admin channel speak: an answer, or {"error": {status, message}}. */
final class AdminAnswers {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AdminAnswers() {
    }

    /** {@code value} as JSON text. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an admin answer cannot be written as JSON", e);
        }
    }

    static String error(MdmException e) {
        return json(Map.of("error", Map.of("status", e.status().name(), "message", e.getMessage())));
    }

    /**
     * The answer as a tree; an error answer becomes the exception the SE raised.
     *
     * @throws MdmException the SE's error, or PEER_UNAVAILABLE for an answer that is not JSON
     */
    static JsonNode parse(String answer) throws MdmException {
        JsonNode tree;
        try {
            tree = JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new MdmException(Status.PEER_UNAVAILABLE, "The running mdm serve answered something that is"
                    + " not JSON; is it the same MDM version as this command?", e);
        }
        JsonNode error = tree.get("error");
        if (error != null) {
            Status status;
            try {
                status = Status.valueOf(error.path("status").asText());
            } catch (IllegalArgumentException e) {
                status = Status.INTERNAL_ERROR;
            }
            throw new MdmException(status, error.path("message").asText());
        }
        return tree;
    }

    /** {@code tree} read as {@code type}. */
    static <T> T read(JsonNode tree, Class<T> type) throws MdmException {
        try {
            return JSON.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new MdmException(Status.PEER_UNAVAILABLE, "The running mdm serve's answer does not read as a "
                    + type.getSimpleName() + "; is it the same MDM version as this command?", e);
        }
    }
}
