package org.mdm.security.gsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Key pairs are made ahead from the first delegation on, serve one delegation each, and still
 * come (made at once) after close.
 */
class DelegationKeysTest {
    @Test
    void eachDelegationGetsAPairNobodyUsedEvenAfterClose() throws Exception {
        Set<String> requests = new HashSet<>();
        try (DelegationKeys keys = new DelegationKeys("test-delegation-keys")) {
            assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(
                    "test-delegation-keys")), "nothing is made before a client delegates");
            for (int i = 0; i < 6; i++) { // more than are made ahead: some are made at once
                requests.add(java.util.Base64.getEncoder().encodeToString(keys.next().request()));
            }
            keys.close();
            requests.add(java.util.Base64.getEncoder().encodeToString(keys.next().request()));
        }
        assertEquals(7, requests.size(), "seven requests, seven public keys");
    }
}
