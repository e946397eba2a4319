package org.mdm.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** Issue 9: the hint after a failed sub-operation matches the method used; the retry's plan. */
class FailureHintTest {
    private static final DicomNode NODE = new DicomNode("PACS", "127.0.0.1", 104);
    private static final RetrieveOutcome CANNOT_CONVERT = new RetrieveOutcome(0xA702, 0, 1, 0, 0, null);
    private final Failures failures = new Failures(RetrieverConfig.defaults().withStoreScp("MDMSCP", 11113));

    @Test
    void byCGetTheHintIsCMove() {
        MdmException e = failures.missing(NODE, "SOP instance 1.2.3", "C-GET", CANNOT_CONVERT);
        assertEquals(Status.NOT_SUPPORTED, e.status());
        assertTrue(e.getMessage().contains("C-GET status 0xA702") && e.getMessage().contains("C-MOVE avoids"),
                e.getMessage());
    }

    @Test
    void byCMoveTheHintIsNotCMove() {
        MdmException e = failures.missing(NODE, "SOP instance 1.2.3", "C-MOVE", CANNOT_CONVERT);
        assertTrue(e.getMessage().contains("C-MOVE status 0xA702"), e.getMessage());
        assertFalse(e.getMessage().contains("C-MOVE avoids"), e.getMessage());
        assertTrue(e.getMessage().contains("Store SCP MDMSCP") && e.getMessage().contains("configure C-GET"),
                e.getMessage());
    }

    @Test
    void onlyAConversionFailureWithNothingReceivedIsRetried() {
        assertTrue(SyntaxRetry.applies(CANNOT_CONVERT));
        assertFalse(SyntaxRetry.applies(new RetrieveOutcome(0xA702, 0, 1, 0, 1, null)), "something arrived");
        assertFalse(SyntaxRetry.applies(new RetrieveOutcome(0xA701, 0, 1, 0, 0, null)), "another refusal");
        assertFalse(SyntaxRetry.applies(new RetrieveOutcome(0xC000, 0, 0, 0, 0, null)), "no failed sub-operation");
    }

    @Test
    void singleSyntaxOffersFitOneAssociationAndCoverEveryKnownClass() {
        List<List<String>> groups = ContextPlan.allStorageClassGroups();
        Set<String> all = new HashSet<>();
        for (List<String> group : groups) {
            assertTrue(group.size() <= 126, "at most 126 storage contexts beside Verification and C-GET");
            all.addAll(group);
        }
        assertTrue(all.containsAll(ContextPlan.getStorageClasses()));
        assertTrue(all.contains("1.2.840.10008.5.1.4.1.1.481.8"), "RT Ion Plan, which the C-GET plan lacks");
        AssociateRequest rq = ContextPlan.forOffer("MDM", "PACS", 1 << 20, groups.get(0),
                List.of(TransferSyntaxes.RLE));
        assertEquals(groups.get(0).size() + 2, rq.contexts().size());
        assertTrue(rq.contexts().stream().skip(2).allMatch(pc -> pc.transferSyntaxes().equals(
                List.of(TransferSyntaxes.RLE))));
    }
}
