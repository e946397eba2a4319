package org.mdm.dicom.deid;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.transform.Transform;
import org.mdm.api.transform.TransformProvider;

/**
 * Creates the {@code deid} transform from its configuration (found with ServiceLoader).
 *
 * <table>
 * <caption>Configuration keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code secret.file}</td><td>(required unless {@code secret})</td><td>file whose bytes are the
 * site secret, at least 32 bytes, readable by its owner only ({@code chmod 600})</td></tr>
 * <tr><td>{@code secret}</td><td>(none)</td><td>the secret as hex, at least 64 digits; for tests and
 * embedding</td></tr>
 * <tr><td>{@code retain.longitudinal.modified.dates}</td><td>true</td><td>shift dates by a keyed per-patient
 * offset in [-3650, -1] days instead of removing them</td></tr>
 * <tr><td>{@code retain.longitudinal.full.dates}</td><td>false</td><td>keep dates unchanged (excludes the
 * previous option)</td></tr>
 * <tr><td>{@code retain.patient.characteristics}</td><td>false</td><td>keep sex, age, size, weight, ...</td></tr>
 * <tr><td>{@code retain.device.identity}</td><td>false</td><td>keep device serial numbers, station names,
 * ...</td></tr>
 * <tr><td>{@code retain.institution.identity}</td><td>false</td><td>keep institution names and
 * addresses</td></tr>
 * <tr><td>{@code retain.uids}</td><td>false</td><td>keep UIDs instead of keyed replacements</td></tr>
 * <tr><td>{@code clean.descriptors}</td><td>false</td><td>keep descriptions with identifying text
 * masked</td></tr>
 * </table>
 *
 * <p>The Basic Profile always applies and private attributes are always removed.
 */
public final class DeidTransformProvider implements TransformProvider {
    /** Minimum secret length: the HMAC-SHA256 key size. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Path of the secret file. */
    public static final String SECRET_FILE = "secret.file";
    /** The secret as hex. */
    public static final String SECRET = "secret";
    /** Option keys. */
    public static final String MODIFIED_DATES = "retain.longitudinal.modified.dates";
    /** Option key. */
    public static final String FULL_DATES = "retain.longitudinal.full.dates";
    /** Option key. */
    public static final String PATIENT_CHARACTERISTICS = "retain.patient.characteristics";
    /** Option key. */
    public static final String DEVICE_IDENTITY = "retain.device.identity";
    /** Option key. */
    public static final String INSTITUTION_IDENTITY = "retain.institution.identity";
    /** Option key. */
    public static final String UIDS = "retain.uids";
    /** Option key. */
    public static final String CLEAN_DESCRIPTORS = "clean.descriptors";

    private static final Set<String> KEYS = Set.of(SECRET_FILE, SECRET, MODIFIED_DATES, FULL_DATES,
            PATIENT_CHARACTERISTICS, DEVICE_IDENTITY, INSTITUTION_IDENTITY, UIDS, CLEAN_DESCRIPTORS);

    @Override
    public String name() {
        return DeidTransform.NAME;
    }

    @Override
    public Set<String> configKeys() {
        return KEYS;
    }

    @Override
    public Transform create(Map<String, String> config) throws MdmException {
        DeidOptions defaults = DeidOptions.DEFAULT;
        boolean modified = flag(config, MODIFIED_DATES, defaults.longitudinalModifiedDates());
        boolean full = flag(config, FULL_DATES, defaults.longitudinalFullDates());
        if (modified && full) {
            throw error("'" + MODIFIED_DATES + "' and '" + FULL_DATES + "' are both true; choose one (set '"
                    + MODIFIED_DATES + "=false' to keep full dates)");
        }
        DeidOptions options = new DeidOptions(modified, full,
                flag(config, PATIENT_CHARACTERISTICS, defaults.patientCharacteristics()),
                flag(config, DEVICE_IDENTITY, defaults.deviceIdentity()),
                flag(config, INSTITUTION_IDENTITY, defaults.institutionIdentity()),
                flag(config, UIDS, defaults.uids()),
                flag(config, CLEAN_DESCRIPTORS, defaults.cleanDescriptors()));
        return new DeidTransform(SecretLoader.load(config.get(SECRET_FILE), config.get(SECRET)), options);
    }

    private static boolean flag(Map<String, String> config, String key, boolean defaultValue) throws MdmException {
        String value = config.get(key);
        if (value == null) {
            return defaultValue;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw error("'" + key + "' must be true or false, not '" + value + "'");
        }
    }

    static MdmException error(String what) {
        return new MdmException(Status.CONFIGURATION_ERROR, "Transform 'deid': " + what + ".");
    }
}
