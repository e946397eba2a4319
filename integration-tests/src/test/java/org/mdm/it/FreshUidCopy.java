package org.mdm.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Copies of sample files with a fresh SOP Instance UID, made with dcmtk's
 * {@code dcmodify -nb -gin} (which also updates the meta header's Media Storage SOP Instance UID
 * and adds a meta header to a file without one). dcmodify rewrites the file in the transfer
 * syntax it was read in and leaves encapsulated pixel data alone: checked for every sample
 * transfer syntax (little/big endian, implicit, deflated, RLE, JPEG, JPEG-LS, JPEG 2000) by
 * {@code SampleLoadingTest}, which compares the copy's transfer syntax and Pixel Data value
 * (fragments included) with the original's. Other bytes may change: dcmodify writes encapsulated
 * Pixel Data that a file declared OW as OB (MR_small_jp2klossless, MR_small_jpeg_ls_lossless),
 * drops or recomputes group lengths, and, for a file whose SOP Class UID is encoded as UN
 * (rtdose_rle*.dcm), keeps it UN and writes dcmtk's placeholder as Media Storage SOP Class UID.
 * Orthanc's copy is what retrieval tests compare with, so that is harmless.
 *
 * <p>Each copy goes to its own numbered subdirectory of a temp directory, under the original
 * file name (tests select samples by file name).
 */
final class FreshUidCopy {
    private static final Path DCMODIFY = Path.of("/usr/bin/dcmodify");

    private final Path dir;
    private int count;

    /** Creates the temp directory; fails with the install command when dcmodify is missing. */
    FreshUidCopy() throws IOException {
        if (!Files.isExecutable(DCMODIFY)) {
            throw new AssertionError("dcmodify is missing: apt-get install dcmtk");
        }
        this.dir = Files.createTempDirectory("mdm-sample-copies-");
    }

    /** The directory holding the copies. */
    Path dir() {
        return dir;
    }

    /** A copy of {@code file} with a new SOP Instance UID. */
    Path copy(Path file) throws IOException {
        Path target = dir.resolve(Integer.toString(++count)).resolve(file.getFileName().toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
        Process p = new ProcessBuilder(DCMODIFY.toString(), "-nb", "-gin", target.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("dcmodify did not finish on " + target);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("dcmodify -gin failed on " + file + " (exit " + p.exitValue() + "): " + out.strip());
        }
        return target;
    }

    /** Deletes the copies. */
    void delete() {
        OrthancServer.deleteTree(dir);
    }
}
