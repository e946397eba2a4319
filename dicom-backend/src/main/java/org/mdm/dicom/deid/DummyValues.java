package org.mdm.dicom.deid;

/**
 * Dummy values for action D, one per VR, each valid for its VR and free of meaning. Constant
 * dummies keep the output deterministic and consistent across the objects of a study.
 */
final class DummyValues {
    /** The dummy for text VRs; at most 16 characters so it also fits AE, CS and SH. */
    static final String TEXT = "ANONYMIZED";

    private DummyValues() {
    }

    /** The dummy for a VR, or null if the VR has no textual dummy (binary values are emptied). */
    static String forVr(String vr) {
        switch (vr) {
            case "DA":
                return "19000101";
            case "DT":
                return "19000101000000";
            case "TM":
                return "000000";
            case "DS":
            case "IS":
            case "US":
            case "SS":
            case "UL":
            case "SL":
            case "FL":
            case "FD":
            case "UV":
            case "SV":
                return "0";
            case "AS":
                return "000Y";
            case "UR":
                return "urn:anonymized";
            case "AE":
            case "CS":
            case "LO":
            case "LT":
            case "PN":
            case "SH":
            case "ST":
            case "UC":
            case "UT":
                return TEXT;
            default:
                return null;
        }
    }
}
