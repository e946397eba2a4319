package org.mdm.hydra.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The one JSON mapping of the protocol: strict (unknown fields, trailing tokens and null
 * primitives are errors, so that a garbage answer is not half-read).
 *
 * <p>Parse errors are reported without Jackson's message: that message quotes the offending
 * input, which may be share material.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private Json() {
    }

    /**
     * Reads {@code type} from {@code body}.
     *
     * @param status the status of the failure (INVALID_REQUEST on a server, CORRUPT_DATA on a client)
     * @throws MdmException with {@code status} if the body is not a {@code type}
     */
    public static <T> T read(byte[] body, Class<T> type, Status status) throws MdmException {
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new MdmException(status, "expected a JSON " + type.getSimpleName() + ", got null");
            }
            return value;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new MdmException(status, "malformed JSON " + type.getSimpleName() + where);
        } catch (IOException e) {
            throw new MdmException(status, "unreadable JSON " + type.getSimpleName() + ": " + e.getClass().getSimpleName());
        }
    }

    /** Writes {@code value} as JSON bytes (UTF-8). */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Only our own records are written: failing here is a bug, not bad input.
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
