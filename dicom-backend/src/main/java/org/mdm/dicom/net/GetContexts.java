package org.mdm.dicom.net;

/**
 * What MDM's shared C-GET association proposes, for operators and tests: which storage SOP
 * classes it carries, and which it offers in a single context (so the server may transcode them
 * to explicit little endian). Instances of other classes, and single instances of single-context
 * classes, are fetched by {@link PooledRetriever} on an association dedicated to their class,
 * at the cost of a C-FIND (other classes) or a second C-GET (single-context classes).
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
