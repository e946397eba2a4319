package org.mdm.dicom.deid;

import java.util.Map;

/**
 * One row of Table E.1-1: the Basic Profile action and the option columns that change it.
 *
 * @param tag     the tag as written in the table, e.g. {@code (0010,0010)} or {@code (50xx,xxxx)}
 * @param name    the attribute name as in the table
 * @param basic   the Basic Profile action code, e.g. {@code X}, {@code Z/D}, {@code X/Z/U*}
 * @param options the non-empty option cells, by column
 */
record ProfileRule(String tag, String name, String basic, Map<OptionColumn, String> options) {

    /** The option columns of Table E.1-1, in table order. */
    enum OptionColumn {
        /** Retain Safe Private Option. */
        SAFE_PRIVATE,
        /** Retain UIDs Option. */
        UIDS,
        /** Retain Device Identity Option. */
        DEVICE_IDENTITY,
        /** Retain Institution Identity Option. */
        INSTITUTION_IDENTITY,
        /** Retain Patient Characteristics Option. */
        PATIENT_CHARACTERISTICS,
        /** Retain Longitudinal Temporal Information Full Dates Option. */
        FULL_DATES,
        /** Retain Longitudinal Temporal Information Modified Dates Option. */
        MODIFIED_DATES,
        /** Clean Descriptors Option. */
        CLEAN_DESCRIPTORS,
        /** Clean Structured Content Option. */
        CLEAN_STRUCTURED_CONTENT,
        /** Clean Graphics Option. */
        CLEAN_GRAPHICS
    }

    ProfileRule {
        options = Map.copyOf(options);
    }

    /** The action code of an option column, or empty if the option does not change this row. */
    String option(OptionColumn column) {
        return options.getOrDefault(column, "");
    }
}
