package org.mdm.dicom.deid;

import java.util.Map;
import org.mdm.api.MdmException;

/**
 * The key id of an image: {@code 2.25.<keyed hash of its SOP Instance UID>}, the very UID the
 * {@code deid} transform writes as the de-identified SOP Instance UID (with UIDs not retained).
 *
 * <p>Why this id: it is written in clear into every sealed file that leaves the site, so it
 * must not be the hospital's UID (which links back to the patient's record); it must be
 * computable from the PFN alone, before retrieval, by the pipeline and by registration alike;
 * and a researcher holding the decrypted file finds the key id as its SOP Instance UID.
 */
public final class ImageKeyIds {
    private final KeyedHasher hasher;

    private ImageKeyIds(byte[] secret) {
        this.hasher = new KeyedHasher(secret);
    }

    /**
     * Key ids under the site secret, configured as for the {@code deid} transform
     * ({@value DeidTransformProvider#SECRET_FILE} or {@value DeidTransformProvider#SECRET}).
     *
     * @throws MdmException CONFIGURATION_ERROR if the secret is missing, short or not owner-only
     */
    public static ImageKeyIds fromConfig(Map<String, String> deidConfig) throws MdmException {
        return new ImageKeyIds(SecretLoader.load(deidConfig.get(DeidTransformProvider.SECRET_FILE),
                deidConfig.get(DeidTransformProvider.SECRET)));
    }

    /** The key id of the image whose SOP Instance UID is {@code sopInstanceUid}. */
    public String of(String sopInstanceUid) {
        return hasher.uid(sopInstanceUid);
    }

    /**
     * The de-identified form of any UID, as the {@code deid} transform writes it: the study and
     * series directories of the name space are named by these.
     */
    public String deidentified(String uid) {
        return hasher.uid(uid);
    }

    /** The metadata catalogue's key for a patient (32 hex digits; never the patient ID). */
    public String patientKey(String patientId, String issuer) {
        return hasher.patientKey(patientId, issuer);
    }
}
