package org.mdm.dicom.deid;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real sample files from Debian packages, written by nobody here. */
final class Samples {
    static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    static final Path GDCM = Path.of("/usr/share/doc/libgdcm3.0/examples/00191113.dcm");
    static final Path DICOM3TOOLS = Path.of("/usr/share/doc/dicom3tools/examples/0051.dcm");

    /** Samples that are valid Part 10 objects, covering every transfer syntax family. */
    static final List<String> VALID = List.of(
            "CT_small.dcm", "MR_small.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm", "MR_small_expb.dcm",
            "MR_small_RLE.dcm", "MR_small_jp2klossless.dcm", "MR_small_jpeg_ls_lossless.dcm", "JPEG2000.dcm",
            "JPEG-lossy.dcm", "image_dfl.dcm", "SC_rgb_rle_2frame.dcm", "rtdose.dcm", "rtplan.dcm", "test-SR.dcm",
            "reportsi.dcm", "waveform_ecg.dcm", "liver_1frame.dcm", "SC_rgb_small_odd_jpeg.dcm", "ExplVR_BigEnd.dcm",
            "693_J2KI.dcm", "00191113.dcm", "0051.dcm");

    private Samples() {
    }

    /** The sample's path; fails (never skips) naming the package to install if it is missing. */
    static Path path(String name) {
        Path path;
        String pkg;
        if (name.equals(GDCM.getFileName().toString())) {
            path = GDCM;
            pkg = "libgdcm-tools";
        } else if (name.equals(DICOM3TOOLS.getFileName().toString())) {
            path = DICOM3TOOLS;
            pkg = "dicom3tools";
        } else {
            path = PYDICOM.resolve(name);
            pkg = "python3-pydicom";
        }
        if (!Files.isRegularFile(path)) {
            fail("Sample " + path + " is missing: run 'apt-get install " + pkg + "'");
        }
        return path;
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new AssertionError("Cannot read sample " + name, e);
        }
    }
}
