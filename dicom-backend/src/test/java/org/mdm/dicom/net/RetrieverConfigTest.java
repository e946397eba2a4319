package org.mdm.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configuration defaults and per-server methods; move matching. */
class RetrieverConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        RetrieverConfig c = RetrieverConfig.defaults();
        assertEquals("MDM", c.callingAet());
        assertEquals(RetrieveMethod.GET, c.defaultMethod());
        assertEquals(4, c.maxAssociationsPerNode());
        assertEquals(Duration.ofSeconds(60), c.idleEviction());
        assertEquals(Duration.ofSeconds(5), c.connectTimeout());
        assertEquals(Duration.ofSeconds(30), c.readTimeout());
        assertEquals(0, c.storeScpPort());
        assertFalse(c.usesMove());
    }

    @Test
    void methodIsChosenByNodeThenAetThenDefault() {
        RetrieverConfig c = RetrieverConfig.defaults().withMethod("PACS", RetrieveMethod.MOVE)
                .withMethod("PACS@10.0.0.2:104", RetrieveMethod.GET);
        assertEquals(RetrieveMethod.MOVE, c.methodFor(new DicomNode("PACS", "10.0.0.1", 104)));
        assertEquals(RetrieveMethod.GET, c.methodFor(new DicomNode("PACS", "10.0.0.2", 104)));
        assertEquals(RetrieveMethod.GET, c.methodFor(new DicomNode("OTHER", "10.0.0.1", 104)));
        assertTrue(c.usesMove());
    }

    @Test
    void invalidValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RetrieverConfig.defaults().withCallingAet("A\\B"));
        assertThrows(IllegalArgumentException.class, () -> RetrieverConfig.defaults().withMaxAssociationsPerNode(0));
        assertThrows(IllegalArgumentException.class, () -> RetrieverConfig.defaults().withReadTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RetrieverConfig.defaults().withStoreScp("MDM", 70000));
    }

    @Test
    void moveRegistryMatchesByMessageIdThenByUid() {
        MoveRegistry reg = new MoveRegistry();
        MoveRegistry.Waiter a = reg.register("1.2.3", i -> { });
        MoveRegistry.Waiter b = reg.register(null, i -> { });
        assertTrue(a.messageId() != b.messageId());
        assertEquals(b, reg.find(b.messageId(), "9.9"));
        assertEquals(a, reg.find(0, "1.2.3"));
        assertNull(reg.find(0, "4.5.6"));
        reg.remove(a);
        assertNull(reg.find(a.messageId(), "1.2.3"));
        assertNotNull(reg.find(b.messageId(), null));
    }
}
