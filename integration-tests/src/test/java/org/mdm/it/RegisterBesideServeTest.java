package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a site registers: mdm serve runs (holding the spool and the embedded catalogue) and
 * mdm register is run beside it on the same configuration. The dry runs are the SE's, into the
 * spool it serves from; the catalogue is shared; mdm ls works meanwhile.
 */
class RegisterBesideServeTest {

    @Test
    void registeringBesideARunningSeFillsItsSpool(@TempDir Path home) throws Exception {
        RegistrationSites.copies(RegistrationSites.SAMPLES.resolve("CT_small.dcm"),
                home.resolve("in"), 3);
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            List<String> site = RegistrationSites.options(home, "spool", keys, orthanc);
            Process serve = startServe(home, site, orthanc);
            try {
                List<String> args = new ArrayList<>(List.of("register", home.resolve("in").toString()));
                args.addAll(site);
                MdmCli register = MdmCli.run(args);
                assertEquals(0, register.code(), register.err());
                assertEquals(3, register.out().lines().filter(l -> l.startsWith("registered ")).count(), register.out());

                List<String> spoolLs = new ArrayList<>(List.of("spool", "ls"));
                spoolLs.addAll(site);
                MdmCli spool = MdmCli.run(spoolLs);
                assertTrue(spool.out().contains("3 files"), "the dry runs' sealed files are in the SE's spool: "
                        + spool.out());
                List<String> ls = new ArrayList<>(List.of("ls", RegistrationSites.BASE));
                ls.addAll(site);
                MdmCli listing = MdmCli.run(ls);
                assertEquals(0, listing.code(), "the catalogue is shared with the running SE: " + listing.err());
                assertEquals(1, listing.out().lines().count(), listing.out());
            } finally {
                serve.destroy();
                assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "mdm serve stopped");
            }
        }
    }

    private static Process startServe(Path home, List<String> site, OrthancServer orthanc) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--test-pki", KeyServerTrio.PKI.root().toString()));
        args.addAll(site);
        args.addAll(List.of("-D", "se.access=dn:" + KeyServerTrio.PKI.userDn(), "-D", "se.gridftp.address=127.0.0.1",
                "-D", "se.gridftp.port=0", "-D", "se.srm.port=0", "-D", "md.port=0", "-D", "dicom.move.scp.port=0",
                "-D", "fetch.default.server=" + orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort(),
                "-D", "se.mount.mdm.pfn=dicom://" + orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort()
                        + "/{study}/{series}/{sop}?transform=deid"));
        Process p = RegistrationSites.start(home, "serve", args);
        Path log = home.resolve("serve.out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            if (text.contains("ready")) {
                return p;
            }
            if (!p.isAlive()) {
                throw new AssertionError("mdm serve exited: " + text + Files.readString(home.resolve("serve.err")));
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("mdm serve did not start: " + Files.readString(log, StandardCharsets.UTF_8));
    }
}
