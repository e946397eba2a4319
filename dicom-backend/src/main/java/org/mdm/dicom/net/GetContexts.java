package org.mdm.dicom.net;

/**
 * What MDM's C-GET association proposes, for operators and tests: which storage SOP classes can
 * be fetched by C-GET at all, and which are offered in a single context (so the server may
 * transcode them to explicit little endian). Everything else needs C-MOVE.
 */
public final class GetContexts {
    private GetContexts() {
    }

    /** True when a C-GET association proposes this storage SOP class. */
    public static boolean proposes(String sopClassUid) {
        return ContextPlan.getStorageClasses().contains(sopClassUid);
    }

    /**
     * True when the class is proposed in one context listing the uncompressed syntaxes; the
     * server picks one of them, so an object held in another syntax arrives transcoded.
     */
    public static boolean singleContext(String sopClassUid) {
        return ContextPlan.singleContextClasses().contains(sopClassUid);
    }
}
