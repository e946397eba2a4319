package org.mdm.dicom.deid;

/**
 * Which UIDs are never replaced: those that name something standard or shared rather than an
 * instance (SOP classes, transfer syntaxes, coding schemes), whatever the table says.
 */
final class UidPolicy {
    /** The root of UIDs defined by the DICOM standard itself. */
    static final String DICOM_ROOT = "1.2.840.10008.";

    private UidPolicy() {
    }

    /** True for attributes whose UIDs identify a class or a scheme, not an instance. */
    static boolean isClassLike(String keyword) {
        return keyword.endsWith("ClassUID")
                || keyword.contains("TransferSyntax")
                || keyword.equals("CodingSchemeUID")
                || keyword.equals("ContextGroupExtensionCreatorUID")
                || keyword.equals("TemplateExtensionCreatorUID")
                || keyword.equals("MappingResourceUID")
                || keyword.equals("PrivateInformationCreatorUID")
                || keyword.equals("ContextUID");
    }

    /** True for a well-known UID value, which identifies nothing about a patient. */
    static boolean isWellKnown(String uid) {
        return uid.startsWith(DICOM_ROOT);
    }
}
