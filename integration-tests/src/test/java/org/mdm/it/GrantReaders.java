package org.mdm.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import org.mdm.catalog.NsEntry;
import org.mdm.md.client.MetadataConnection;
import org.mdm.md.client.Timeouts;
import org.mdm.se.gridftp.GridClients;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;

/**
 * One grantee reading a registered image the four ways a grant must open (and a revocation
 * close): GridFTP with globus-url-copy, SRM with gfal-copy, the key rebuilt from the key
 * servers with {@code mdm cp lfn:} (which decrypts), and its IMAGE entry on the metadata service. Each read says what it got, so that a
 * failed assertion shows the door's or the tool's own words.
 */
final class GrantReaders {
    static final String LFN_BASE = "/grid/biomed/mdm";

    private final ServeProcess serve;
    private final List<String> site;
    private final Path scratch;
    private final Path home;
    private int reads;

    GrantReaders(ServeProcess serve, List<String> site, Path home) throws java.io.IOException {
        this.serve = serve;
        this.site = site;
        this.home = home;
        this.scratch = java.nio.file.Files.createDirectories(home.resolve("reads"));
    }

    /** What one read gave: whether it worked, and what the tool said. */
    record Read(boolean ok, String said) {
    }

    /** All four reads of {@code path} by {@code proxy}'s holder. */
    record Reads(Read gridFtp, Read srm, Read decrypt, Read metadata) {
        boolean all() {
            return gridFtp.ok && srm.ok && decrypt.ok && metadata.ok;
        }

        boolean none() {
            return !gridFtp.ok && !srm.ok && !decrypt.ok && !metadata.ok;
        }

        @Override
        public String toString() {
            return "GridFTP " + gridFtp + "\nSRM " + srm + "\nmdm cp " + decrypt + "\nmetadata " + metadata;
        }
    }

    Reads all(Path proxy, String path) throws Exception {
        return new Reads(gridFtp(proxy, path), srm(proxy, path), decrypt(proxy, path),
                metadata(proxy, "/mdm/IMAGE/guid:" + guid(path), "nx"));
    }

    /** {@code getattr ENTRY ATTR} on the SE's metadata service: the entry's name and value, or nothing. */
    Read metadata(Path proxy, String entry, String attr) throws Exception {
        try (GridTrust trust = GridTrust.fromDirectory(KeyServerTrio.PKI.certDir());
                MetadataConnection md = MetadataConnection.connect("localhost", serve.mdPort(),
                        Credentials.loadProxy(proxy), trust, new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)))) {
            List<String> rows = md.execute("getattr " + entry + " " + attr);
            return new Read(rows.size() == 2 && !rows.get(1).isEmpty(), rows.toString());
        }
    }

    /** The GUID the catalogue gave the image at {@code path}. */
    private String guid(String path) throws Exception {
        for (NsEntry e : RegistrationSites.registeredImages(home)) {
            if (e.path().toString().equals(path)) {
                return e.guid();
            }
        }
        throw new AssertionError(path + " is not registered");
    }

    Read gridFtp(Path proxy, String path) throws Exception {
        Path out = next("gsiftp");
        GridClients.Run run = GridClients.globusUrlCopy(proxy, serve.gsiftp(path), "file://" + out);
        return new Read(run.ok() && Files.size(out) > 0, run.output());
    }

    Read srm(Path proxy, String path) throws Exception {
        Path out = next("srm");
        GridClients.Run run = GridClients.gfal(proxy, "gfal-copy", "-f", serve.srm(path), "file://" + out);
        return new Read(run.ok() && Files.exists(out) && Files.size(out) > 0, run.output());
    }

    /** {@code mdm cp lfn:...}: the file catalogue, the SRM door, the key servers, the unsealing. */
    Read decrypt(Path proxy, String path) throws Exception {
        Path out = next("dcm");
        MdmCli cp = MdmCli.run(as(proxy, "cp", lfn(path), out.toString()));
        boolean dicom = cp.code() == 0 && Files.exists(out) && Files.size(out) > 132
                && new String(Files.readAllBytes(out), 128, 4, StandardCharsets.US_ASCII).equals("DICM");
        return new Read(dicom, cp.out() + cp.err());
    }

    /** mdm's options of the site, as {@code proxy}'s holder, then {@code args}. */
    List<String> as(Path proxy, String... args) {
        List<String> all = new ArrayList<>(site);
        all.addAll(List.of("-D", "grid.proxy=" + proxy));
        all.addAll(List.of(args));
        return all;
    }

    static String lfn(String path) {
        return "lfn:" + LFN_BASE + path.substring(RegistrationSites.BASE.length());
    }

    private Path next(String suffix) {
        return scratch.resolve("read-" + ++reads + "." + suffix);
    }
}
