package org.mdm.api.transform;

import java.util.Objects;

/**
 * One value a transform removed or replaced. The original value is patient data: it is kept in
 * memory for the metadata catalogue and {@link #toString()} never shows it.
 *
 * @param tag      the attribute tag as {@code (gggg,eeee)}
 * @param keyword  the attribute keyword, e.g. {@code PatientName}, or empty for private tags
 * @param original the value before the transform, as text
 * @param action   what happened to it
 */
public record ErasedValue(String tag, String keyword, String original, Action action) {

    /** What a transform did to an attribute. */
    public enum Action {
        /** The attribute was removed. */
        REMOVED,
        /** The value was replaced by an empty value. */
        EMPTIED,
        /** The value was replaced by a dummy or a derived value (e.g. a hashed UID). */
        REPLACED,
        /** A date or time was shifted. */
        SHIFTED
    }

    /** Validates the fields. */
    public ErasedValue {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(action, "action");
    }

    /** Shows the tag and action only: the original value must never reach a log. */
    @Override
    public String toString() {
        return "ErasedValue[" + tag + " " + keyword + " " + action + "]";
    }
}
