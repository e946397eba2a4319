package org.mdm.dicom.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** Inputs that are not complete DICOM objects: CORRUPT_DATA naming the label, no output. */
class CorruptInputTest {
    private final DeidTransform transform = new DeidTransform(Fixtures.SECRET, DeidOptions.DEFAULT);

    private MdmException fails(byte[] input, String label) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        MdmException e = assertThrows(MdmException.class,
                () -> transform.apply(new ByteArrayInputStream(input), sink, label));
        assertEquals(Status.CORRUPT_DATA, e.status());
        assertTrue(e.getMessage().contains(label), e.getMessage());
        assertEquals(0, sink.size(), "nothing written for a corrupt input");
        return e;
    }

    @ParameterizedTest
    @ValueSource(ints = {140, 300, 1000, 4000, 20000, -1})
    void truncatedCtIsCorrupt(int keep) {
        byte[] ct = Samples.bytes("CT_small.dcm");
        int length = keep < 0 ? ct.length - 1 : keep;
        MdmException e = fails(Arrays.copyOf(ct, length), "study/series/ct-truncated");
        assertTrue(e.getMessage().contains("truncated at byte " + length), e.getMessage());
    }

    @Test
    void textFileIsNotDicom() {
        byte[] text = "This is a plain text file, not an image.\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
        assertTrue(fails(text, "notes.txt").getMessage().contains("not a DICOM Part 10 stream"));
    }

    @Test
    void emptyInputIsNotDicom() {
        assertTrue(fails(new byte[0], "empty").getMessage().contains("not a DICOM Part 10 stream"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MR_truncated.dcm", "rtplan_truncated.dcm"})
    void pydicomsTruncatedSamplesAreCorrupt(String sample) {
        assertTrue(fails(Samples.bytes(sample), sample).getMessage().contains("truncated at byte"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no_meta.dcm", "ExplVR_LitEndNoMeta.dcm"})
    void dataSetWithoutMetaHeaderIsNotPart10(String sample) {
        assertTrue(fails(Samples.bytes(sample), sample).getMessage().contains("not a DICOM Part 10 stream"));
    }

    @Test
    void truncatedDeflatedDataSetIsCorrupt() {
        byte[] deflated = Samples.bytes("image_dfl.dcm");
        MdmException e = fails(Arrays.copyOf(deflated, deflated.length - 100), "deflated");
        assertTrue(e.getMessage().contains("truncated at byte"), e.getMessage());
    }
}
