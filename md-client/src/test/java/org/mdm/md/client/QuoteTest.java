package org.mdm.md.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QuoteTest {
    @Test
    void plainWordsGoAsTheyAre() {
        assertEquals("/mdm/IMAGE/guid:1a-2b", Quote.word("/mdm/IMAGE/guid:1a-2b"));
        assertEquals("nx", Quote.word("nx"));
        assertEquals("é", Quote.word("é"));
    }

    @Test
    void spacesQuotesAndBackslashesAreQuotedAndEscaped() {
        assertEquals("'a b'", Quote.word("a b"));
        assertEquals("'modality=\\'CT\\''", Quote.word("modality='CT'"));
        assertEquals("'C:\\\\dir'", Quote.word("C:\\dir"));
        assertEquals("'\\' or 1=1 --'", Quote.word("' or 1=1 --"));
        assertEquals("'tab\there'", Quote.word("tab\there"));
    }

    @Test
    void anEmptyValueIsAnEmptyQuotedWord() {
        assertEquals("''", Quote.word(""));
    }

    @Test
    void lineBreaksCannotBeSent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quote.word("a\nb"));
        assertEquals(true, e.getMessage().contains("line break"));
        assertThrows(IllegalArgumentException.class, () -> Quote.word("a\rb"));
    }

    @Test
    void aCommandJoinsQuotedWords() {
        assertEquals("find /mdm/IMAGE 'modality=\\'CT\\' and nx>256'",
                Quote.command("find", "/mdm/IMAGE", "modality='CT' and nx>256"));
    }
}
