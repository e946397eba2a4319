package org.mdm.copy;

import java.time.Duration;
import org.mdm.gridftp.client.TransferOptions;

/**
 * How {@code mdm cp} copies.
 *
 * @param parallel     files copied at once ({@code -r})
 * @param sealed       keep the sealed file as it was served (no key rebuilt, nothing decrypted)
 * @param overwrite    replace an existing destination
 * @param pinSeconds   the pin asked of SRM for each file (released as soon as it is read)
 * @param stageTimeout how long a file may take to be staged before the copy gives up
 * @param transfer     GridFTP mode for each file (stream, or N parallel streams)
 * @param connect      connect timeout for SRM
 * @param reply        reply timeout for SRM
 */
public record CopySettings(int parallel, boolean sealed, boolean overwrite, int pinSeconds, Duration stageTimeout,
        TransferOptions transfer, Duration connect, Duration reply) {

    public CopySettings {
        if (parallel < 1 || pinSeconds < 1) {
            throw new IllegalArgumentException("parallel and pin seconds must be at least 1");
        }
    }
}
