package org.mdm.md.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** The answer framing of md-protocol 5, read from bytes. */
class AnswerReaderTest {
    private static final String END = "\u0004\u0004";
    private final List<String> rows = new ArrayList<>();

    private static AnswerReader reader(String wire) {
        return new AnswerReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), "md.test:8822", 64);
    }

    @Test
    void rowsUntilTheTwoEotsThenTheNextAnswer() throws Exception {
        AnswerReader r = reader("0\n256\n\nÉté\\nbis\n" + END + "0\n/\n" + END);
        r.answer(rows::add);
        assertEquals(List.of("256", "", "Été\nbis"), rows);
        assertTrue(r.complete());
        rows.clear();
        r.answer(rows::add);
        assertEquals(List.of("/"), rows);
    }

    @Test
    void anEmptyAnswerHasNoRows() throws Exception {
        AnswerReader r = reader("0\n" + END);
        r.answer(rows::add);
        assertEquals(List.of(), rows);
    }

    @Test
    void anErrorLineIsRaisedWithItsCodeAndTheSessionStaysInStep() throws Exception {
        AnswerReader r = reader("1 no such entry\n" + END + "0\nx\n" + END);
        MdmException e = assertThrows(MdmException.class, () -> r.answer(rows::add));
        assertEquals(Status.NOT_FOUND, e.status());
        assertEquals("md.test:8822: no such entry (code 1)", e.getMessage());
        assertTrue(r.complete());
        r.answer(rows::add);
        assertEquals(List.of("x"), rows);
    }

    @Test
    void everyProtocolCodeHasItsStatus() {
        int[] codes = {1, 4, 8, 9, 17, 18, 99, 42};
        Status[] statuses = {Status.NOT_FOUND, Status.AUTHORIZATION_FAILURE, Status.INVALID_REQUEST,
            Status.NOT_SUPPORTED, Status.TIMEOUT, Status.INVALID_REQUEST, Status.INTERNAL_ERROR, Status.INTERNAL_ERROR};
        for (int i = 0; i < codes.length; i++) {
            AnswerReader r = reader(codes[i] + " why\n" + END);
            MdmException e = assertThrows(MdmException.class, () -> r.answer(rows::add));
            assertEquals(statuses[i], e.status(), "code " + codes[i]);
        }
    }

    @Test
    void aNakAfterRowsIsRaisedAndLeavesTheSessionOutOfStep() {
        AnswerReader r = reader("0\na\nb\n\u001518 too many rows\n");
        MdmException e = assertThrows(MdmException.class, () -> r.answer(rows::add));
        assertEquals(List.of("a", "b"), rows);
        assertEquals(Status.INVALID_REQUEST, e.status());
        assertTrue(e.getMessage().contains("cut after some rows") && e.getMessage().contains("too many rows (code 18)"),
                e.getMessage());
        assertFalse(r.complete());
    }

    @Test
    void aConnectionClosedMidAnswerIsNotAnEnd() {
        AnswerReader r = reader("0\na\n");
        EOFException e = assertThrows(EOFException.class, () -> r.answer(rows::add));
        assertTrue(e.getMessage().contains("middle of an answer"), e.getMessage());
        assertTrue(r.began());
        assertFalse(r.complete());
        assertThrows(EOFException.class, () -> reader("0\na\n\u0004").answer(rows::add));
        assertThrows(EOFException.class, () -> reader("0\na").answer(rows::add));
    }

    @Test
    void nothingAtAllIsAStaleSession() {
        AnswerReader r = reader("");
        assertThrows(EOFException.class, () -> r.answer(rows::add));
        assertFalse(r.began());
    }

    @Test
    void anAmgaSessionIdBetweenTheEotsIsSkipped() throws Exception {
        AnswerReader r = reader("0\nv\n\u0004session42\u00040\nw\n" + END);
        r.answer(rows::add);
        r.answer(rows::add);
        assertEquals(List.of("v", "w"), rows);
    }

    @Test
    void garbageWhereAStatusBelongsIsNamed() {
        MdmException e = assertThrows(MdmException.class, () -> reader("HTTP/1.1 400 Bad Request\n" + END)
                .answer(rows::add));
        assertEquals(Status.CORRUPT_DATA, e.status());
        assertTrue(e.getMessage().contains("md.test:8822 sent 'HTTP/1.1 400 Bad Request'"), e.getMessage());
    }

    @Test
    void overlongLinesAndBadEscapesAreRefused() throws IOException {
        MdmException tooLong = assertThrows(MdmException.class, () -> reader("0\n" + "x".repeat(65) + "\n" + END)
                .answer(rows::add));
        assertTrue(tooLong.getMessage().contains("longer than 64 bytes"), tooLong.getMessage());
        AnswerReader r = reader("0\nok\nbad\\q\n" + END);
        assertThrows(MdmException.class, () -> r.answer(rows::add));
        assertEquals(List.of("ok"), rows);
        assertFalse(r.complete());
    }

    @Test
    void aCrBeforeTheLfIsDropped() throws Exception {
        AnswerReader r = reader("MDM metadata service 1 (AMGA protocol)\r\nProtocol 3\r\n");
        assertEquals("MDM metadata service 1 (AMGA protocol)", r.line());
        assertEquals("Protocol 3", r.line());
    }
}
