package org.mdm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

class NsPathTest {
    @Test
    void aPathKnowsItsParentNameAndAncestors() throws Exception {
        NsPath p = NsPath.parse("/dpm/example.org/home/");
        assertEquals("/dpm/example.org/home", p.toString());
        assertEquals("home", p.name());
        assertEquals("/dpm/example.org", p.parent().toString());
        assertEquals(List.of("/", "/dpm"), p.ancestors().stream().map(NsPath::toString).toList().subList(0, 2));
        assertEquals(3, p.ancestors().size());
        assertTrue(NsPath.parse("/").isRoot());
        assertEquals(NsPath.ROOT, NsPath.ROOT.parent());
        assertEquals("/dpm/example.org/home/x", p.child("x").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "relative/path", "/a//b", "/a/./b", "/a/../b", "/a/b\n", "/a/\u0000"})
    void malformedPathsAreRefused(String text) {
        MdmException e = assertThrows(MdmException.class, () -> NsPath.parse(text));
        assertEquals(Status.INVALID_PATH, e.status());
    }

    @Test
    void overLongPathsAndSegmentsAreRefused() {
        assertThrows(MdmException.class, () -> NsPath.parse("/" + "a".repeat(256)));
        assertThrows(MdmException.class, () -> NsPath.parse(("/" + "a".repeat(200)).repeat(6)));
    }
}
