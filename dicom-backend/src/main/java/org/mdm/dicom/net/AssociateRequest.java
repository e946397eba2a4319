package org.mdm.dicom.net;

import java.util.List;
import java.util.Set;

/**
 * The content of an A-ASSOCIATE-RQ: who calls whom, the presentation contexts proposed, and for
 * which SOP classes we offer the SCP role (C-GET needs it for the storage sub-operations).
 *
 * @param callingAet     our AE title
 * @param calledAet      the peer's AE title
 * @param contexts       the proposed presentation contexts (at most 128)
 * @param scpRoleClasses SOP classes for which we propose SCU and SCP roles
 * @param maxPduLength   the largest P-DATA PDU we accept
 */
record AssociateRequest(String callingAet, String calledAet, List<PresentationContext> contexts,
        Set<String> scpRoleClasses, int maxPduLength) {

    AssociateRequest {
        contexts = List.copyOf(contexts);
        scpRoleClasses = Set.copyOf(scpRoleClasses);
        if (contexts.size() > 128) {
            throw new IllegalArgumentException("at most 128 presentation contexts, not " + contexts.size());
        }
    }
}
