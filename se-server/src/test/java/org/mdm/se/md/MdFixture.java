package org.mdm.se.md;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mdm.catalog.AclText;
import org.mdm.catalog.AclTarget;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.Grants;
import org.mdm.catalog.MetadataCatalogue;
import org.mdm.catalog.NsPath;
import org.mdm.catalog.query.QueryLimits;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.TlsContexts;
import org.mdm.security.VomsAttributes;
import org.mdm.security.admission.PreAuthLimits;
import org.mdm.security.testpki.TestPki;
import org.mdm.api.GridPrincipal;

/**
 * A metadata service on loopback over a catalogue of metadata: one patient (owned by the test
 * user) and {@code images} IMAGE entries of it, plus one image of another owner; the test PKI's
 * host credential; open to the test user and the biomed VO.
 */
final class MdFixture implements AutoCloseable {
    static final TestPki PKI = TestPki.shared();
    static final String PATIENT = "0123456789abcdef0123456789abcdef";

    final CatalogDatabase db;
    final GridTrust trust;
    final MetadataDoor door;
    private final VomsAttributes voms;

    MdFixture(CatalogDatabase db, int images, QueryLimits limits) throws Exception {
        this.db = db;
        MetadataCatalogue md = new MetadataCatalogue();
        db.inTransaction(c -> {
            md.addEntry(c, "/mdm/PATIENT", PATIENT, PKI.userDn(), Map.of("name", "DOE^JOHN", "sex", "M"));
            for (int i = 0; i < images; i++) {
                Map<String, String> v = new LinkedHashMap<>();
                v.put("nx", String.valueOf(i % 2 == 0 ? 256 : 512));
                v.put("ny", "256");
                v.put("modality", i % 3 == 0 ? "MR" : "CT");
                v.put("patient", PATIENT);
                v.put("SOPinsUID", "2.25." + (1000 + i));
                v.put("origSOPinsUID", "1.2.840.99." + i); // the hospital's UID: protected
                md.addEntry(c, "/mdm/IMAGE", guid(i), PKI.userDn(), v);
            }
            md.addEntry(c, "/mdm/IMAGE", "guid:ffffffff-0000-0000-0000-000000000000", "/C=FR/O=MDM/CN=Someone Else",
                    Map.of("nx", "64", "modality", "CT"));
            return null;
        });
        trust = GridTrust.fromDirectory(PKI.certDir());
        voms = VomsAttributes.create(PKI.vomsDir(), trust);
        MdSettings settings = new MdSettings(InetAddress.getLoopbackAddress(), 0,
                TlsContexts.server(Credentials.load(PKI.hostCert(), PKI.hostKey()), trust), new PrincipalExtractor(voms),
                org.mdm.se.AccessList.of(List.of("dn:" + PKI.userDn(), "vo:biomed",
                        "dn:" + TestPki.colleagueDn("Bob Colleague"))),
                new PreAuthLimits(16, 8, Duration.ofSeconds(10)), 8, Duration.ofSeconds(30), limits,
                Set.of(PKI.userDn()));
        door = MetadataDoor.start(settings, db);
    }

    static String guid(int i) {
        return String.format("guid:00000000-0000-0000-0000-%012d", i);
    }

    AmgaWire session(Path proxy) throws Exception {
        return AmgaWire.session(door.port(), proxy, trust);
    }

    /** The owner grants {@code acl} on a metadata entry or attribute, as mdm acl does. */
    void grant(String target, String acl) throws Exception {
        Grants grants = new Grants(NsPath.parse("/dpm/example.org/home/biomed/mdm"));
        GridPrincipal owner = new GridPrincipal(PKI.userDn(), List.of());
        // The metadata entry itself: mdm acl would follow a whole IMAGE entry to its image, which this fixture lacks.
        db.inTransaction(c -> grants.set(c, AclTarget.metadata(target), AclText.parse(acl), owner,
                Grants.Scope.RECURSIVE));
    }

    @Override
    public void close() throws Exception {
        door.close();
        voms.close();
        trust.close();
        db.close();
    }
}
