package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.cli.Main;
import picocli.CommandLine;

/** The mdm command against a real Orthanc: fetch an image, a series, list and empty the spool. */
@ExtendWith(SharedOrthanc.class)
class MdmCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run mdm(Path home, String... args) {
        List<String> all = new ArrayList<>(List.of("-D", "spool.dir=" + home.resolve("spool"),
                "-D", "spool.min.free=1M", "-D", "dicom.deid.secret.file=" + home.resolve("secret")));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void fetchesAnImageThenASeriesAndManagesTheSpool(SharedOrthanc.Fixture f, @TempDir Path home) throws Exception {
        SampleImages.Sample any = f.samples().accepted().get(0);
        Run image = mdm(home, "fetch", PipelineHarness.pfn(f.orthanc(), any), home.resolve("one.dcm").toString());
        assertEquals(0, image.code(), image.err());
        assertTrue(Files.size(home.resolve("one.dcm")) > 0);
        assertTrue(image.out().contains("retrieved"), image.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("secret"))),
                "the site secret was created owner-only");

        List<SampleImages.Sample> series = f.samples().largestSeries();
        String node = f.orthanc().aet() + "@127.0.0.1:" + f.orthanc().dicomPort();
        Run fetched = mdm(home, "fetch", "--no-progress", "--server", node,
                series.get(0).studyUid() + "/" + series.get(0).seriesUid(), home.resolve("series").toString());
        assertEquals(0, fetched.code(), fetched.err());
        try (Stream<Path> files = Files.list(home.resolve("series"))) {
            assertEquals(series.size(), files.filter(p -> p.toString().endsWith(".dcm")).count(), fetched.out());
        }

        Run ls = mdm(home, "spool", "ls");
        assertEquals(0, ls.code(), ls.err());
        assertTrue(ls.out().contains("files,"), ls.out());
        Run evict = mdm(home, "spool", "evict", "--all");
        assertEquals(0, evict.code(), evict.err());
        Run empty = mdm(home, "spool", "ls");
        assertTrue(empty.out().startsWith("0 files"), empty.out());
    }

    @Test
    void aMissingInstanceIsAOneLineErrorAndNoOutputFile(SharedOrthanc.Fixture f, @TempDir Path home) {
        SampleImages.Sample any = f.samples().accepted().get(0);
        String pfn = "dicom://" + f.orthanc().aet() + "@127.0.0.1:" + f.orthanc().dicomPort() + "/"
                + any.studyUid() + "/" + any.seriesUid() + "/9.9.9.9";
        Run run = mdm(home, "fetch", pfn, home.resolve("x.dcm").toString());
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("mdm: ") && run.err().contains("9.9.9.9"), run.err());
        assertTrue(Files.notExists(home.resolve("x.dcm")));
    }
}
