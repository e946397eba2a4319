/**
 * Hydra client side: per-image keys ({@link org.mdm.hydra.ImageKey}), Shamir k-of-n sharing
 * over GF(256) ({@link org.mdm.hydra.Shamir}, {@link org.mdm.hydra.KeyShare}) and the sealed-file
 * format ({@link org.mdm.hydra.SealedFormat}, {@link org.mdm.hydra.Sealer},
 * {@link org.mdm.hydra.Unsealer}), specified with a tested OpenSSL recipe in
 * {@code hydra-client/SEALED-FORMAT.md}.
 *
 * <p>Only the JDK's javax.crypto is used. Nothing here logs, and no key material is ever
 * written to disk or put in a message or {@code toString()}.
 */
package org.mdm.hydra;
