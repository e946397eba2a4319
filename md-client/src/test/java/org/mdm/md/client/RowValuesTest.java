package org.mdm.md.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

class RowValuesTest {
    @Test
    void escapesAsTheProtocolSays() {
        assertEquals("a\\\\b\\nc\\rd\\x04e\\x15\\x1F", RowValues.escape("a\\b\nc\rd\u0004e\u0015\u001f"));
        String plain = "256";
        assertSame(plain, RowValues.escape(plain));
    }

    @Test
    void unescapeUndoesEscape() throws MdmException {
        for (String v : new String[] {"", "plain", "a\\b", "\n", "x\ry\nz", "\u0000\u0004\u0015", "Été \\x41",
            "\\\\n"}) {
            assertEquals(v, RowValues.unescape(RowValues.escape(v)));
        }
        assertEquals("A", RowValues.unescape("\\x41"));
        assertEquals("\u001f", RowValues.unescape("\\x1f"));
    }

    @Test
    void unknownOrCutEscapesAreTheServersFault() {
        for (String bad : new String[] {"\\", "a\\t", "\\x4", "\\xZZ", "end\\x"}) {
            MdmException e = assertThrows(MdmException.class, () -> RowValues.unescape(bad), bad);
            assertEquals(Status.CORRUPT_DATA, e.status());
            assertTrue(e.getMessage().contains("malformed escape"), e.getMessage());
        }
    }
}
