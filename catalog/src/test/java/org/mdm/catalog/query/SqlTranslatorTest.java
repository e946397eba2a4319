package org.mdm.catalog.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;

class SqlTranslatorTest {

    private static SqlQuery translate(List<String> selected, String condition) throws MdmException {
        ConditionParser parser = new ConditionParser(ConditionParserTest.SCHEMA, null);
        List<Operand.Attribute> attrs = new java.util.ArrayList<>();
        for (String s : selected) {
            attrs.add(parser.attribute(s));
        }
        Optional<Condition> c = parser.parse(condition);
        return SqlTranslator.translate(MetadataQuery.of(List.of(), attrs, c));
    }

    @Test
    void namesAndValuesAreParametersNeverSqlText() throws MdmException {
        SqlQuery q = translate(List.of("/mdm/IMAGE:nx", "/mdm/PATIENT:name"),
                "/mdm/IMAGE:patient = /mdm/PATIENT:FILE and /mdm/IMAGE:modality like 'C\\'%' and /mdm/IMAGE:nx > 255.5");
        for (String secret : List.of("IMAGE", "PATIENT", "modality", "patient", "nx", "name =", "C'", "255")) {
            assertFalse(q.sql().contains(secret), secret + " in " + q.sql());
        }
        assertEquals(List.of("nx", "patient", "modality", "name", "/mdm/IMAGE", "/mdm/PATIENT", "C'%", "nx",
                new java.math.BigDecimal("255.5")), q.parameters(), "in the order of their ? in the text");
        assertEquals(q.parameters().size(), q.sql().chars().filter(ch -> ch == '?').count());
        assertEquals(2, q.directoryCount());
        assertEquals(2, q.selectedCount());
    }

    @Test
    void numericComparisonsCastAndBindNumbers() throws MdmException {
        SqlQuery ints = translate(List.of("/mdm/IMAGE:FILE"), "/mdm/IMAGE:nx >= 256");
        assertTrue(ints.sql().contains("CAST(v0.val AS BIGINT) END >= ?"), ints.sql());
        assertEquals(256L, ints.parameters().get(ints.parameters().size() - 1));
        SqlQuery floats = translate(List.of("/mdm/IMAGE:FILE"), "/mdm/IMAGE:ratio < '2'");
        assertTrue(floats.sql().contains("CAST(v0.val AS DOUBLE PRECISION)"), floats.sql());
        assertEquals(2.0, floats.parameters().get(floats.parameters().size() - 1));
        SqlQuery text = translate(List.of("/mdm/IMAGE:FILE"), "/mdm/IMAGE:nx like '25%'");
        assertFalse(text.sql().contains("CAST"), "LIKE compares the stored text: " + text.sql());
        assertTrue(text.sql().contains("LIKE ? ESCAPE '\\'"), text.sql());
    }

    @Test
    void aGlobBecomesAnEscapedLike() {
        assertEquals("guid:%", EntryPattern.like("guid:*"));
        assertEquals("a\\_b\\%c\\\\d_%", EntryPattern.like("a_b%c\\d?*"));
    }
}
