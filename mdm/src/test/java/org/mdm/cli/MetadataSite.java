package org.mdm.cli;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.MetadataCatalogue;
import org.mdm.catalog.query.QueryLimits;
import org.mdm.md.client.Endpoint;
import org.mdm.se.AccessList;
import org.mdm.se.md.MdSettings;
import org.mdm.se.md.MetadataDoor;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.TlsContexts;
import org.mdm.security.VomsAttributes;
import org.mdm.security.admission.PreAuthLimits;
import org.mdm.security.testpki.TestPki;

/**
 * One real metadata service (se-server's MetadataDoor, as mdm serve starts it) on loopback over
 * its own H2 catalogue holding {@code images} IMAGE entries owned by the test user, named
 * {@code guid:<site>-<i>} with nx = 256 + i and modality CT; the test PKI's host credential.
 */
final class MetadataSite implements AutoCloseable {
    static final TestPki PKI = TestPki.shared();
    /** Image 1's SOPinsUID: a value the wire must escape. */
    static final String ODD_VALUE = "two\nlines \\ and\u0004EOT";

    final String name;
    final MetadataDoor door;
    private final CatalogDatabase db;
    private final GridTrust trust;
    private final VomsAttributes voms;

    MetadataSite(String name, Path dir, int images, long maxRows) throws Exception {
        this.name = name;
        this.db = CatalogDatabase.openH2(dir.resolve("md-" + name));
        MetadataCatalogue md = new MetadataCatalogue();
        db.inTransaction(c -> {
            for (int i = 0; i < images; i++) {
                Map<String, String> v = new LinkedHashMap<>();
                v.put("nx", String.valueOf(256 + i));
                v.put("modality", "CT");
                v.put("SOPinsUID", i == 1 ? ODD_VALUE : "2.25." + name.length() + "." + i);
                md.addEntry(c, "/mdm/IMAGE", entry(name, i), PKI.userDn(), v);
            }
            return null;
        });
        trust = GridTrust.fromDirectory(PKI.certDir());
        voms = VomsAttributes.create(PKI.vomsDir(), trust);
        MdSettings settings = new MdSettings(InetAddress.getLoopbackAddress(), 0,
                TlsContexts.server(Credentials.load(PKI.hostCert(), PKI.hostKey()), trust), new PrincipalExtractor(voms),
                AccessList.of(List.of("dn:" + PKI.userDn())), new PreAuthLimits(16, 16, Duration.ofSeconds(30)), 16,
                Duration.ofMinutes(5), new QueryLimits(maxRows, Duration.ofSeconds(60)), Set.of());
        door = MetadataDoor.start(settings, db);
    }

    /** The name of image {@code i} of site {@code site}. */
    static String entry(String site, int i) {
        return String.format("guid:%s-%06d", site, i);
    }

    Endpoint endpoint() {
        return new Endpoint("localhost", door.port());
    }

    int port() {
        return door.port();
    }

    @Override
    public void close() throws Exception {
        door.close();
        voms.close();
        trust.close();
        db.close();
    }
}
