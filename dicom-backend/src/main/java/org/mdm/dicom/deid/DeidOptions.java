package org.mdm.dicom.deid;

import java.util.ArrayList;
import java.util.List;

/**
 * The Annex E options a site switches on, on top of the Basic Profile (which is always applied).
 *
 * <p>Default ({@link #DEFAULT}): Retain Longitudinal Temporal Information with Modified Dates
 * on (dates shifted by a keyed per-patient offset, so research keeps intervals), every other
 * option off. Private attributes are always removed (Retain Safe Private is not offered).
 *
 * @param longitudinalModifiedDates  shift dates (DA, date part of DT) by a keyed per-patient offset
 * @param longitudinalFullDates      keep dates and times unchanged (excludes modified dates)
 * @param patientCharacteristics     keep sex, age, size, weight and the like
 * @param deviceIdentity             keep device serial numbers, station names and the like
 * @param institutionIdentity        keep institution names, addresses and departments
 * @param uids                       keep UIDs unchanged instead of replacing them by keyed UIDs
 * @param cleanDescriptors           keep descriptions and comments, with identifying text redacted
 */
public record DeidOptions(boolean longitudinalModifiedDates, boolean longitudinalFullDates,
        boolean patientCharacteristics, boolean deviceIdentity, boolean institutionIdentity,
        boolean uids, boolean cleanDescriptors) {

    /** The documented default: basic profile plus modified dates. */
    public static final DeidOptions DEFAULT = new DeidOptions(true, false, false, false, false, false, false);

    /** Rejects contradictory options. */
    public DeidOptions {
        if (longitudinalModifiedDates && longitudinalFullDates) {
            throw new IllegalArgumentException("modified dates and full dates are mutually exclusive");
        }
    }

    /** True if dates are neither kept nor shifted, i.e. the Basic Profile removes them. */
    public boolean datesRemoved() {
        return !longitudinalModifiedDates && !longitudinalFullDates;
    }

    /**
     * The PS3.16 CID 7050 codes describing the profile and options in use, Basic Profile first.
     */
    public List<MethodCode> methodCodes() {
        List<MethodCode> codes = new ArrayList<>();
        codes.add(MethodCode.BASIC_PROFILE);
        if (cleanDescriptors) {
            codes.add(MethodCode.CLEAN_DESCRIPTORS);
        }
        if (longitudinalFullDates) {
            codes.add(MethodCode.RETAIN_FULL_DATES);
        }
        if (longitudinalModifiedDates) {
            codes.add(MethodCode.RETAIN_MODIFIED_DATES);
        }
        if (patientCharacteristics) {
            codes.add(MethodCode.RETAIN_PATIENT_CHARACTERISTICS);
        }
        if (deviceIdentity) {
            codes.add(MethodCode.RETAIN_DEVICE_IDENTITY);
        }
        if (uids) {
            codes.add(MethodCode.RETAIN_UIDS);
        }
        if (institutionIdentity) {
            codes.add(MethodCode.RETAIN_INSTITUTION_IDENTITY);
        }
        return codes;
    }
}
