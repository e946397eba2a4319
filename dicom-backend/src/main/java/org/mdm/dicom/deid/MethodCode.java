package org.mdm.dicom.deid;

/** The PS3.16 CID 7050 "De-identification Method" codes (scheme DCM) this transform can claim. */
public enum MethodCode {
    /** 113100. */
    BASIC_PROFILE("113100", "Basic Application Confidentiality Profile"),
    /** 113105. */
    CLEAN_DESCRIPTORS("113105", "Clean Descriptors Option"),
    /** 113106. */
    RETAIN_FULL_DATES("113106", "Retain Longitudinal Temporal Information Full Dates Option"),
    /** 113107. */
    RETAIN_MODIFIED_DATES("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
    /** 113108. */
    RETAIN_PATIENT_CHARACTERISTICS("113108", "Retain Patient Characteristics Option"),
    /** 113109. */
    RETAIN_DEVICE_IDENTITY("113109", "Retain Device Identity Option"),
    /** 113110. */
    RETAIN_UIDS("113110", "Retain UIDs Option"),
    /** 113112. */
    RETAIN_INSTITUTION_IDENTITY("113112", "Retain Institution Identity Option");

    private final String value;
    private final String meaning;

    MethodCode(String value, String meaning) {
        this.value = value;
        this.meaning = meaning;
    }

    /** The code value. */
    public String value() {
        return value;
    }

    /** The code meaning, at most 64 characters (it also goes into the LO De-identification Method). */
    public String meaning() {
        return meaning;
    }
}
