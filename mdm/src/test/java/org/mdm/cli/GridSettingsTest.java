package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.PrincipalType;
import org.mdm.hydra.protocol.Right;

class GridSettingsTest {

    private static MdmConfig config(Map<String, String> overrides) throws MdmException {
        return MdmConfig.load(null, overrides);
    }

    @Test
    void proxyIsTheKeyThenTheEnvironmentThenTheGlobusDefault() throws Exception {
        assertEquals(Path.of("/p/key"), GridSettings.proxyFile(config(Map.of("grid.proxy", "/p/key")), "/p/env"));
        assertEquals(Path.of("/p/env"), GridSettings.proxyFile(config(Map.of()), "/p/env"));
        String fallback = GridSettings.proxyFile(config(Map.of()), "").toString();
        assertTrue(fallback.matches("/tmp/x509up_u\\d+"), fallback);
        assertEquals(fallback, GridSettings.proxyFile(config(Map.of()), null).toString());
    }

    @Test
    void thresholdAboveTheServerCountIsAConfigurationError() throws Exception {
        MdmConfig c = config(Map.of("hydra.servers", "https://a:1,https://b:2", "hydra.threshold", "3"));
        MdmException e = assertThrows(MdmException.class, () -> GridSettings.keyServersConfig(c));
        assertTrue(e.getMessage().startsWith("Bad hydra.servers / hydra.threshold"), e.getMessage());
    }

    @Test
    void timeoutsComeFromTheConfiguration() throws Exception {
        var ks = GridSettings.keyServersConfig(config(Map.of("hydra.servers", "https://a:1, https://b:2",
                "hydra.connect.timeout.ms", "3000", "hydra.request.timeout.ms", "4000")));
        assertEquals(2, ks.servers().size());
        assertEquals(3000, ks.connectTimeout().toMillis());
        assertEquals(4000, ks.requestTimeout().toMillis());
        assertEquals(7000, ks.totalTimeout().toMillis());
    }

    @Test
    void aclSpecsParseDnsWithColonsAndFormatBack() throws Exception {
        AclEntry e = AclSpecs.parse("dn:/C=FR/O=X:Y/CN=Ann:read,setacl");
        assertEquals(PrincipalType.DN, e.type());
        assertEquals("/C=FR/O=X:Y/CN=Ann", e.name());
        assertEquals(java.util.Set.of(Right.READ, Right.SETACL), e.rights());
        assertEquals("dn:/C=FR/O=X:Y/CN=Ann:read,setacl", AclSpecs.format(e));
        assertThrows(MdmException.class, () -> AclSpecs.parse("vo:biomed"));
        assertThrows(MdmException.class, () -> AclSpecs.parse("user:biomed:read"));
        assertThrows(MdmException.class, () -> AclSpecs.parse("group:biomed:read"));
    }
}
