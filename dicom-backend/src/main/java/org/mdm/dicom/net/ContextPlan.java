package org.mdm.dicom.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The presentation contexts we propose. For C-GET the storage contexts decide in which transfer
 * syntax the server may send: a server (Orthanc does) sends an image unchanged only when a
 * context pairs its SOP class with the transfer syntax it holds, and otherwise transcodes, which
 * changes the bytes and costs server CPU. So the common image classes get one context per
 * transfer syntax, within the standard's limit of 128 contexts:
 *
 * <ul>
 *   <li>CT, MR, Secondary Capture: all 13 syntaxes (39 contexts);</li>
 *   <li>9 other image classes: the 8 most held syntaxes (72 contexts);</li>
 *   <li>14 non-image or rarer classes: one context each listing the native syntaxes;</li>
 *   <li>Verification, Study Root FIND, MOVE and GET (3 for C-GET, 4 otherwise).</li>
 * </ul>
 *
 * An object of a class outside this list, or of a single-context class held in another syntax,
 * is fetched on an association dedicated to its class ({@link #forClass}, see {@link GetFallback}).
 */
final class ContextPlan {
    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    static final String STUDY_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
    static final String STUDY_ROOT_GET = "1.2.840.10008.5.1.4.1.2.2.3";

    private static final List<String> MAJOR_IMAGES = List.of(
            "1.2.840.10008.5.1.4.1.1.2", // CT
            "1.2.840.10008.5.1.4.1.1.4", // MR
            "1.2.840.10008.5.1.4.1.1.7"); // Secondary Capture
    private static final List<String> OTHER_IMAGES = List.of(
            "1.2.840.10008.5.1.4.1.1.12.1", // X-ray angiography
            "1.2.840.10008.5.1.4.1.1.6.1", // Ultrasound
            "1.2.840.10008.5.1.4.1.1.3.1", // Ultrasound multi-frame
            "1.2.840.10008.5.1.4.1.1.1", // Computed radiography
            "1.2.840.10008.5.1.4.1.1.1.1", // Digital X-ray, for presentation
            "1.2.840.10008.5.1.4.1.1.1.2", // Digital mammography, for presentation
            "1.2.840.10008.5.1.4.1.1.20", // Nuclear medicine
            "1.2.840.10008.5.1.4.1.1.128", // PET
            "1.2.840.10008.5.1.4.1.1.481.2"); // RT dose
    private static final List<String> SINGLE_CONTEXT = List.of(
            "1.2.840.10008.5.1.4.1.1.2.1", // Enhanced CT
            "1.2.840.10008.5.1.4.1.1.4.1", // Enhanced MR
            "1.2.840.10008.5.1.4.1.1.66.4", // Segmentation
            "1.2.840.10008.5.1.4.1.1.88.11", // Basic text SR
            "1.2.840.10008.5.1.4.1.1.88.22", // Enhanced SR
            "1.2.840.10008.5.1.4.1.1.88.33", // Comprehensive SR
            "1.2.840.10008.5.1.4.1.1.88.59", // Key object selection
            "1.2.840.10008.5.1.4.1.1.481.5", // RT plan
            "1.2.840.10008.5.1.4.1.1.481.3", // RT structure set
            "1.2.840.10008.5.1.4.1.1.481.1", // RT image
            "1.2.840.10008.5.1.4.1.1.9.1.1", // 12-lead ECG
            "1.2.840.10008.5.1.4.1.1.9.1.2", // General ECG
            "1.2.840.10008.5.1.4.1.1.11.1", // Grayscale softcopy presentation state
            "1.2.840.10008.5.1.4.1.1.104.1"); // Encapsulated PDF

    private ContextPlan() {
    }

    /** The association request for a server we fetch from by C-GET. */
    static AssociateRequest forGet(String callingAet, String calledAet, int maxPdu) {
        Builder b = new Builder();
        b.add(VERIFICATION, List.of(TransferSyntaxes.IMPLICIT_LE));
        b.add(STUDY_ROOT_GET, List.of(TransferSyntaxes.IMPLICIT_LE));
        b.add(STUDY_ROOT_FIND, List.of(TransferSyntaxes.IMPLICIT_LE));
        Set<String> roles = new LinkedHashSet<>();
        for (String cls : MAJOR_IMAGES) {
            b.addEach(cls, TransferSyntaxes.ALL);
            roles.add(cls);
        }
        for (String cls : OTHER_IMAGES) {
            b.addEach(cls, TransferSyntaxes.COMMON);
            roles.add(cls);
        }
        for (String cls : SINGLE_CONTEXT) {
            b.add(cls, TransferSyntaxes.NATIVE);
            roles.add(cls);
        }
        return new AssociateRequest(callingAet, calledAet, b.contexts, roles, maxPdu);
    }

    /** The association request for a server we fetch from by C-MOVE (no storage contexts). */
    static AssociateRequest forMove(String callingAet, String calledAet, int maxPdu) {
        Builder b = new Builder();
        b.add(VERIFICATION, List.of(TransferSyntaxes.IMPLICIT_LE));
        b.add(STUDY_ROOT_MOVE, List.of(TransferSyntaxes.IMPLICIT_LE));
        b.add(STUDY_ROOT_FIND, List.of(TransferSyntaxes.IMPLICIT_LE));
        return new AssociateRequest(callingAet, calledAet, b.contexts, Set.of(), maxPdu);
    }

    /**
     * The association request dedicated to one storage SOP class, for C-GET of an object the
     * shared plan cannot carry unchanged (class not proposed, or proposed in a single context):
     * one context per transfer syntax we know, so the server finds the one it holds and sends
     * the object as stored. No C-FIND: the class is learnt before this is opened.
     */
    static AssociateRequest forClass(String callingAet, String calledAet, int maxPdu, String sopClass) {
        Builder b = new Builder();
        b.add(VERIFICATION, List.of(TransferSyntaxes.IMPLICIT_LE)); // the pool's idle check
        b.add(STUDY_ROOT_GET, List.of(TransferSyntaxes.IMPLICIT_LE));
        b.addEach(sopClass, TransferSyntaxes.ALL);
        return new AssociateRequest(callingAet, calledAet, b.contexts, Set.of(sopClass), maxPdu);
    }

    /**
     * The association request for storing one object as SCU: its class in exactly the syntax its
     * bytes are in (we send them unchanged, as dcmsend +sd does), and Verification for the pool.
     */
    static AssociateRequest forStore(String callingAet, String calledAet, int maxPdu, String sopClass,
            String syntax) {
        Builder b = new Builder();
        b.add(VERIFICATION, List.of(TransferSyntaxes.IMPLICIT_LE));
        b.add(sopClass, List.of(syntax));
        return new AssociateRequest(callingAet, calledAet, b.contexts, Set.of(), maxPdu);
    }

    /**
     * The association request offering {@code classes}, one context each listing
     * {@code syntaxes} (see {@link SyntaxRetry}), with the SCP role for all of them.
     */
    static AssociateRequest forOffer(String callingAet, String calledAet, int maxPdu, List<String> classes,
            List<String> syntaxes) {
        Builder b = new Builder();
        b.add(VERIFICATION, List.of(TransferSyntaxes.IMPLICIT_LE));
        b.add(STUDY_ROOT_GET, List.of(TransferSyntaxes.IMPLICIT_LE));
        for (String cls : classes) {
            b.add(cls, syntaxes);
        }
        return new AssociateRequest(callingAet, calledAet, b.contexts, new LinkedHashSet<>(classes), maxPdu);
    }

    /**
     * Every storage class we know (the C-GET plan's, then PixelMed's list), in groups that fit
     * one association beside Verification and C-GET (128 contexts at most).
     */
    static List<List<String>> allStorageClassGroups() {
        Set<String> all = new LinkedHashSet<>(getStorageClasses());
        all.addAll(List.of(com.pixelmed.dicom.SOPClass.arrayOfStorageSOPClasses));
        List<String> list = new ArrayList<>(all);
        List<List<String>> groups = new ArrayList<>();
        for (int i = 0; i < list.size(); i += 126) {
            groups.add(List.copyOf(list.subList(i, Math.min(list.size(), i + 126))));
        }
        return groups;
    }

    /** The classes proposed in a single context listing the uncompressed syntaxes. */
    static List<String> singleContextClasses() {
        return SINGLE_CONTEXT;
    }

    /** Every storage SOP class the C-GET plan proposes. */
    static List<String> getStorageClasses() {
        List<String> all = new ArrayList<>(MAJOR_IMAGES);
        all.addAll(OTHER_IMAGES);
        all.addAll(SINGLE_CONTEXT);
        return all;
    }

    private static final class Builder {
        private final List<PresentationContext> contexts = new ArrayList<>();

        void add(String abstractSyntax, List<String> ts) {
            contexts.add(PresentationContext.proposal(contexts.size() * 2 + 1, abstractSyntax, ts));
        }

        void addEach(String abstractSyntax, List<String> ts) {
            for (String t : ts) {
                add(abstractSyntax, List.of(t));
            }
        }
    }
}
