package org.mdm.api.seal;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.mdm.api.MdmException;

/**
 * One image key in hand for sealing. Closing it wipes whatever copy of the key it holds; the
 * {@link Seal} may keep its own copy (in locked memory) for a short time.
 */
public interface SealingKey extends AutoCloseable {

    /** The key id written into sealed files. */
    String keyId();

    /** The exact size of the sealed form of {@code plaintextLength} bytes (to reserve spool space). */
    long sealedLength(long plaintextLength);

    /**
     * Seals the remaining bytes of {@code plaintext} into {@code sink} (not closed), writing
     * exactly {@link #sealedLength} bytes. If it throws, what reached the sink must be discarded.
     *
     * @throws MdmException IO_ERROR if the sink fails
     */
    void seal(ByteBuffer plaintext, OutputStream sink) throws MdmException;

    /** Wipes this handle's copy of the key. */
    @Override
    void close();
}
