package org.mdm.hydra.seal;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.seal.Seal;
import org.mdm.api.seal.SealingKey;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.SealedFormat;
import org.mdm.hydra.Sealer;
import org.mdm.hydra.protocol.KeyIds;

/**
 * The site's seal: image keys rebuilt from k of n Hydra key servers, read with the storage
 * element's host credential, kept a short time in a {@link LockedKeyCache}, and files sealed in
 * the {@link SealedFormat}.
 */
public final class HydraSeal implements Seal, AutoCloseable {
    private final KeySource source;
    private final LockedKeyCache cache;
    private final KeyPrefetch prefetch;
    private final String siteDn;

    /**
     * A seal over {@code source}.
     *
     * @param siteDn the DN the key servers see (the SE's host credential), named in errors so an
     *               administrator knows whom to grant read on a key
     */
    public HydraSeal(KeySource source, LockedKeyCache cache, String siteDn) {
        this.source = source;
        this.cache = cache;
        this.prefetch = new KeyPrefetch(source, cache);
        this.siteDn = siteDn;
        Sealer.warmUpInBackground();
    }

    /** A seal caching up to {@code entries} keys for {@code ttl} each. */
    public static HydraSeal over(KeySource source, String siteDn, int entries, Duration ttl) {
        return new HydraSeal(source, new LockedKeyCache(entries, ttl), siteDn);
    }

    @Override
    public SealingKey open(String keyId) throws MdmException {
        KeyIds.check(keyId);
        ImageKey key = cache.get(keyId);
        if (key == null) {
            prefetch.awaitPending(keyId);
            key = cache.get(keyId);
        }
        if (key == null) {
            key = fetch(keyId);
            cache.put(key);
        }
        return new HeldKey(key);
    }

    /**
     * Fetches the keys ahead into the cache with bulk reads ({@link KeySource#fetchAll}) in
     * chunks of {@value KeyPrefetch#CHUNK}, at most as many as the cache holds; an {@link #open}
     * of a key whose chunk is in flight waits for it. Nothing is fetched ahead when the cache
     * keeps nothing ({@code seal.key.cache.seconds=0}).
     */
    @Override
    public void prefetch(java.util.Collection<String> keyIds) {
        prefetch.start(keyIds);
    }

    private ImageKey fetch(String keyId) throws MdmException {
        try {
            return source.fetch(keyId);
        } catch (MdmException e) {
            throw new MdmException(e.status(), "Cannot seal with image key " + keyId + ": " + e.getMessage()
                    + advice(e.status(), keyId), e);
        }
    }

    private String advice(Status status, String keyId) {
        return switch (status) {
            case NOT_FOUND -> ". Register the key first (mdm eds register " + keyId + ") and grant this site read"
                    + " (mdm eds setacl " + keyId + " 'dn:" + siteDn + ":read').";
            case AUTHORIZATION_FAILURE -> ". The key's owner must grant this site read: mdm eds setacl " + keyId
                    + " 'dn:" + siteDn + ":read'.";
            default -> ". Check that at least k of the key servers in hydra.servers are up, then retry.";
        };
    }

    /** Zeroes the cached keys. */
    @Override
    public void close() {
        prefetch.close();
        cache.close();
    }

    /** One use of a key; the heap copy is destroyed on close. */
    private static final class HeldKey implements SealingKey {
        private final ImageKey key;

        HeldKey(ImageKey key) {
            this.key = key;
        }

        @Override
        public String keyId() {
            return key.keyId();
        }

        @Override
        public long sealedLength(long plaintextLength) {
            return SealedFormat.sealedLength(key.keyId(), plaintextLength);
        }

        @Override
        public void seal(ByteBuffer plaintext, OutputStream sink) throws MdmException {
            Sealer.seal(key, plaintext, sink);
        }

        @Override
        public void close() {
            key.destroy();
        }

        @Override
        public String toString() {
            return "SealingKey[" + key.keyId() + "]";
        }
    }
}
