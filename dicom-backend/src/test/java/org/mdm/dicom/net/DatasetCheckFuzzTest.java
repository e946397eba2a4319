package org.mdm.dicom.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mdm.dicom.testing.FuzzRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader that checks every object a DICOM server sends ({@link DatasetCheck}) on the same
 * seeded mutants as the de-identifier's fuzz suite: each is accepted or refused with
 * {@link CorruptObjectException}; nothing else is thrown, nothing hangs.
 */
class DatasetCheckFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetCheckFuzzTest.class);
    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final List<String> SAMPLES = List.of("CT_small.dcm", "MR_small_implicit.dcm",
            "MR_small_bigendian.dcm", "image_dfl.dcm", "rtplan.dcm", "test-SR.dcm", "JPEG2000.dcm",
            "waveform_ecg.dcm");

    @Test
    void mutantsAreAcceptedOrRefusedAsCorrupt() throws Exception {
        List<byte[]> originals = new ArrayList<>();
        for (String name : SAMPLES) {
            Path p = PYDICOM.resolve(name);
            assertTrue(Files.isRegularFile(p), p + " is missing: run 'apt-get install python3-pydicom'");
            originals.add(Files.readAllBytes(p));
        }
        FuzzRun run = FuzzRun.run(originals, SAMPLES, (mutant, label) -> check(mutant));
        LOG.info("network reader fuzz: {}", run.summary());
        assertTrue(run.count("accepted") > 0 && run.count("refused") > 0, run.summary());
    }

    /** Checks the data set after the meta header, in the transfer syntax the meta header names. */
    private static String check(byte[] part10) {
        int start = 132;
        String ts = TransferSyntaxes.EXPLICIT_LE;
        while (start + 8 <= part10.length && part10[start] == 2 && part10[start + 1] == 0) {
            boolean longForm = part10[start + 6] == 0 && part10[start + 7] == 0;
            long length = longForm && start + 12 <= part10.length ? u32(part10, start + 8) : u16(part10, start + 6);
            int value = start + (longForm ? 12 : 8);
            if (value + length > part10.length) {
                break;
            }
            if (part10[start + 2] == 0x10 && part10[start + 3] == 0) {
                ts = new String(part10, value, (int) length, StandardCharsets.US_ASCII).replace("\0", "").trim();
            }
            start = value + (int) length;
        }
        try {
            DatasetCheck.check(part10, Math.min(start, part10.length), part10.length, ts);
            return "accepted";
        } catch (CorruptObjectException e) {
            return "refused";
        }
    }

    private static int u16(byte[] b, int pos) {
        return (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int pos) {
        return u16(b, pos) | (long) u16(b, pos + 2) << 16;
    }
}
