package org.mdm.dicom.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.seal.Seal;
import org.mdm.api.seal.SealingKey;
import org.mdm.dicom.deid.ImageKeyIds;

/**
 * Opens image keys ahead of need during a series fetch: the key of an image is asked for the
 * moment the image arrives, so rebuilding it from the key servers overlaps with transforming
 * and spooling the images before it (measured: spoolers otherwise spent ~40% of their time
 * waiting for keys).
 */
final class KeyPrefetch implements AutoCloseable {
    private final Seal seal;
    private final ImageKeyIds keyIds;
    private final ExecutorService fetchers;

    KeyPrefetch(Seal seal, ImageKeyIds keyIds, int threads) {
        this.seal = seal;
        this.keyIds = keyIds;
        this.fetchers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "series-keys");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts opening the key of the image {@code sopInstanceUid}. */
    Pending start(String sopInstanceUid) {
        String keyId = keyIds.of(sopInstanceUid);
        return new Pending(CompletableFuture.supplyAsync(() -> {
            try {
                return seal.open(keyId);
            } catch (MdmException e) {
                throw new CompletionException(e);
            }
        }, fetchers));
    }

    @Override
    public void close() {
        fetchers.shutdown();
    }

    /** A key being opened; exactly one of {@link #take} or {@link #discard} must be called. */
    static final class Pending {
        private final CompletableFuture<SealingKey> key;

        private Pending(CompletableFuture<SealingKey> key) {
            this.key = key;
        }

        /** The key, once open; the caller closes it. */
        SealingKey take() throws MdmException {
            try {
                return key.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                discard();
                throw new MdmException(Status.CANCELLED, "Interrupted while waiting for an image key.", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof MdmException m) {
                    throw new MdmException(m.status(), m.getMessage(), m);
                }
                throw new MdmException(Status.INTERNAL_ERROR, "Opening an image key failed: " + e.getCause(),
                        e.getCause());
            }
        }

        /** The key is not needed (a spool hit, or the fetch failed): close it whenever it opens. */
        void discard() {
            key.thenAccept(SealingKey::close);
        }
    }
}
