package org.mdm.catalog.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

class ConditionParserTest {
    static final MetadataSchema SCHEMA = new MetadataSchema(Map.of(
            "/mdm/IMAGE", Map.of("nx", "int", "ny", "int", "modality", "varchar", "patient", "varchar", "ratio", "float"),
            "/mdm/PATIENT", Map.of("name", "varchar", "sex", "varchar")));

    private static Condition parse(String text) throws MdmException {
        return new ConditionParser(SCHEMA, "/mdm/IMAGE").parse(text).orElseThrow();
    }

    private static MdmException refused(String text) {
        MdmException e = assertThrows(MdmException.class, () -> new ConditionParser(SCHEMA, "/mdm/IMAGE").parse(text));
        assertEquals(Status.INVALID_REQUEST, e.status());
        return e;
    }

    private static Condition.Comparison comparison(String text) throws MdmException {
        return assertInstanceOf(Condition.Comparison.class, parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nx = 256|EQ", "nx != 256|NE", "nx <> 256|NE", "nx < 256|LT", "nx <= 256|LE", "nx > 256|GT", "nx >= 256|GE",
        "modality like 'C%'|LIKE", "modality LIKE 'C%'|LIKE", "modality not like 'C%'|NOT_LIKE",
        "modality NoT LiKe 'C%'|NOT_LIKE", "nx=256|EQ", "nx>=256|GE", "nx<>256|NE"})
    void everyOperatorIsRead(String text, ComparisonOperator op) throws MdmException {
        assertEquals(op, comparison(text).op());
    }

    @Test
    void attributesAreQualifiedBareOrTheEntryName() throws MdmException {
        Condition.Comparison c = comparison("/mdm/IMAGE:patient = /mdm/PATIENT:FILE");
        assertEquals(new Operand.Attribute("/mdm/IMAGE", "patient", AttributeType.VARCHAR), c.left());
        Operand.Attribute file = assertInstanceOf(Operand.Attribute.class, c.right());
        assertTrue(file.isFile());
        assertEquals("/mdm/PATIENT", file.dir());
        assertEquals(new Operand.Attribute("/mdm/IMAGE", "nx", AttributeType.INT), comparison("nx > 3").left());
        assertTrue(((Operand.Attribute) comparison("FILE = 'guid:1'").left()).isFile());
    }

    @Test
    void literalsAreStringsWithEscapesIntegersAndDecimals() throws MdmException {
        assertEquals(new Operand.Literal("O'Brien", true), comparison("/mdm/PATIENT:name = 'O\\'Brien'").right());
        assertEquals(new Operand.Literal("a\\b", true), comparison("modality = 'a\\\\b'").right());
        assertEquals(new Operand.Literal("a\\_b", true), comparison("modality like 'a\\_b'").right(),
                "an unknown escape keeps its backslash, so LIKE sees an escaped underscore");
        assertEquals(new Operand.Literal("", true), comparison("modality = ''").right());
        assertEquals(new Operand.Literal("-12", false), comparison("nx > -12").right());
        assertEquals(new Operand.Literal("255.5", false), comparison("nx < 255.5").right());
        assertEquals(new Operand.Literal("' or 1=1 --", true), comparison("modality = '\\' or 1=1 --'").right());
        assertEquals(new Operand.Literal("CT", true), comparison("'CT' = modality").left(), "a literal may come first");
    }

    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() throws MdmException {
        Condition.Or or = assertInstanceOf(Condition.Or.class, parse("nx = 1 or nx = 2 and not nx = 3"));
        Condition.And and = assertInstanceOf(Condition.And.class, or.right());
        assertInstanceOf(Condition.Not.class, and.right());
        Condition.And grouped = assertInstanceOf(Condition.And.class, parse("(nx = 1 OR nx = 2) AND nx = 3"));
        assertInstanceOf(Condition.Or.class, grouped.left());
        Condition.Or leftFirst = assertInstanceOf(Condition.Or.class, parse("nx = 1 or nx = 2 or nx = 3"));
        assertInstanceOf(Condition.Or.class, leftFirst.left());
        Condition.Not not = assertInstanceOf(Condition.Not.class, parse("not (nx = 1 or nx = 2)"));
        assertInstanceOf(Condition.Or.class, not.inner());
    }

    @Test
    void aBlankConditionMatchesEverything() throws MdmException {
        assertFalse(new ConditionParser(SCHEMA, null).parse("  ").isPresent());
    }

    @Test
    void aNumericAttributeTakesAQuotedNumberButNotText() throws MdmException {
        assertEquals(new Operand.Literal("256", true), comparison("nx = '256'").right());
        String message = refused("nx = 'big'").getMessage();
        assertTrue(message.contains("/mdm/IMAGE:nx is of type int") && message.contains("position 1"), message);
        assertFalse(message.contains("big"), "a value is never echoed (it may be patient data): " + message);
        assertTrue(refused("ratio > 'x'").getMessage().contains("of type float"));
        assertEquals(ComparisonOperator.LIKE, comparison("nx like '25%'").op(), "LIKE matches any type's text");
    }

    @Test
    void unknownNamesAreRefusedNamingTheKnownOnes() {
        String dir = refused("/mdm/NOPE:x = 1").getMessage();
        assertTrue(dir.contains("'/mdm/NOPE'") && dir.contains("[/mdm/IMAGE, /mdm/PATIENT]"), dir);
        String attr = refused("nx = 1 and /mdm/PATIENT:age > 3").getMessage();
        assertTrue(attr.contains("position 12") && attr.contains("'age'") && attr.contains("[name, sex]"), attr);
        MdmException bare = assertThrows(MdmException.class, () -> new ConditionParser(SCHEMA, null).parse("nx = 1"));
        assertTrue(bare.getMessage().contains("no default"), bare.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nx =|position 5|found the end of the condition, expected an attribute",
        "nx 256|position 4|found '256', expected an operator",
        "(nx = 1|position 8|expected ')' closing the '(' at position 1",
        "nx = 1)|position 7|found ')', expected 'and', 'or' or the end",
        "nx = 1 and|position 11|expected an attribute",
        "modality = 'CT|position 12|no closing quote",
        "nx = 1 ; drop table md_value|position 8|unexpected character ';'",
        "1 = 1|position 1|no attribute on either side",
        "nx = 12ab|position 6|malformed number",
        "/mdm/IMAGE = 1|position 1|expected DIRECTORY:ATTRIBUTE",
        "modality not 'CT'|position 10|found 'not', expected an operator",
        "nx == 1|position 5|found '=', expected an attribute",
        "and nx = 1|position 1|found 'and', expected an attribute"})
    void syntaxErrorsNameThePositionAndWhatWasExpected(String text, String position, String expected) {
        String message = refused(text).getMessage();
        assertTrue(message.contains(position) && message.contains(expected), message);
    }

    @Test
    void aQuotedValueIsNeverEchoedInAnError() {
        String message = refused("/mdm/PATIENT:name = 'Doe' 'Jane'").getMessage();
        assertTrue(message.contains("found a quoted string"), message);
        assertFalse(message.contains("Jane") || message.contains("Doe"), message);
    }

    @Test
    void lengthAndNestingAreBounded() throws MdmException {
        String deep = "(".repeat(ConditionParser.MAX_DEPTH) + "nx = 1" + ")".repeat(ConditionParser.MAX_DEPTH);
        assertInstanceOf(Condition.Comparison.class, parse(deep));
        String deeper = "(" + deep + ")";
        assertTrue(refused(deeper).getMessage().contains("nested deeper than " + ConditionParser.MAX_DEPTH), deeper);
        assertTrue(refused("not ".repeat(ConditionParser.MAX_DEPTH + 1) + "nx = 1").getMessage().contains("nested deeper"));
        String longest = "modality = '" + "x".repeat(ConditionParser.MAX_LENGTH - 13) + "'";
        assertEquals(ConditionParser.MAX_LENGTH, longest.length());
        parse(longest);
        assertTrue(refused(longest + " ").getMessage().contains("at most " + ConditionParser.MAX_LENGTH));
    }

    @Test
    void selectedAttributesAreReadAlone() throws MdmException {
        ConditionParser parser = new ConditionParser(SCHEMA, "/mdm/PATIENT");
        assertEquals(new Operand.Attribute("/mdm/IMAGE", "nx", AttributeType.INT), parser.attribute("/mdm/IMAGE:nx"));
        assertEquals("/mdm/PATIENT:name", parser.attribute("name").toString());
        MdmException e = assertThrows(MdmException.class, () -> parser.attribute("name = 'x'"));
        assertTrue(e.getMessage().contains("is not an attribute"), e.getMessage());
        MdmException unknown = assertThrows(MdmException.class, () -> parser.attribute("/mdm/IMAGE:nosuch"));
        assertTrue(unknown.getMessage().startsWith("Selected attribute '/mdm/IMAGE:nosuch'")
                && !unknown.getMessage().contains("Condition"), "not in the condition: " + unknown.getMessage());
    }
}
