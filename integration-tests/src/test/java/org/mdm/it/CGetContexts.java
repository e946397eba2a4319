package org.mdm.it;

import java.util.Set;

/**
 * The storage SOP classes MDM's C-GET association proposes, as listed in
 * {@code org.mdm.dicom.net.ContextPlan} (package-private there; keep both in step): classes
 * with a context per transfer syntax, and {@link #SINGLE_CONTEXT} classes whose one context
 * lists the native syntaxes.
 */
final class CGetContexts {
    /** Classes proposed with one context per transfer syntax (CT, MR, SC, and 9 other image classes). */
    static final Set<String> PER_SYNTAX = Set.of(
            "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.5.1.4.1.1.7",
            "1.2.840.10008.5.1.4.1.1.12.1", "1.2.840.10008.5.1.4.1.1.6.1", "1.2.840.10008.5.1.4.1.1.3.1",
            "1.2.840.10008.5.1.4.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1", "1.2.840.10008.5.1.4.1.1.1.2",
            "1.2.840.10008.5.1.4.1.1.20", "1.2.840.10008.5.1.4.1.1.128", "1.2.840.10008.5.1.4.1.1.481.2");
    /** Classes proposed with a single context listing explicit LE, implicit LE, big endian and deflate. */
    static final Set<String> SINGLE_CONTEXT = Set.of(
            "1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.4.1", "1.2.840.10008.5.1.4.1.1.66.4",
            "1.2.840.10008.5.1.4.1.1.88.11", "1.2.840.10008.5.1.4.1.1.88.22", "1.2.840.10008.5.1.4.1.1.88.33",
            "1.2.840.10008.5.1.4.1.1.88.59", "1.2.840.10008.5.1.4.1.1.481.5", "1.2.840.10008.5.1.4.1.1.481.3",
            "1.2.840.10008.5.1.4.1.1.481.1", "1.2.840.10008.5.1.4.1.1.9.1.1", "1.2.840.10008.5.1.4.1.1.9.1.2",
            "1.2.840.10008.5.1.4.1.1.11.1", "1.2.840.10008.5.1.4.1.1.104.1");

    private CGetContexts() {
    }

    /** True when the C-GET association proposes the class at all. */
    static boolean proposed(String sopClassUid) {
        return PER_SYNTAX.contains(sopClassUid) || SINGLE_CONTEXT.contains(sopClassUid);
    }
}
