package org.mdm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PfnTest {

    @Test
    void exposesItsParts() throws MdmException {
        Pfn pfn = Pfn.parse("dicom://ORTHANC@127.0.0.1:4242/1.2/1.2.3/1.2.3.4?transform=deid");
        assertEquals("dicom", pfn.scheme());
        assertEquals("ORTHANC", pfn.userInfo());
        assertEquals("127.0.0.1", pfn.host());
        assertEquals(4242, pfn.port());
        assertEquals("/1.2/1.2.3/1.2.3.4", pfn.path());
        assertEquals("deid", pfn.query("transform", null));
        assertEquals(Pfn.parse(pfn.toString()), pfn);
    }

    @Test
    void rejectsRelativeOpaqueAndFragmentedNames() {
        for (String bad : new String[] {"relative/path", "mailto:x@y", "dicom://h/p#f", "DICOM://h/p", "",
            "dicom://h/p?novalue", "dicom://h/p?a=1&a=2", "dicom://h/p with space"}) {
            MdmException e = assertThrows(MdmException.class, () -> Pfn.parse(bad), bad);
            assertEquals(Status.INVALID_PATH, e.status());
            assertTrue(e.getMessage().startsWith("Malformed PFN"), e.getMessage());
        }
    }

    @Test
    void everyStatusMapsToProtocolCodes() {
        for (Status status : Status.values()) {
            assertTrue(status.srmCode().startsWith("SRM_"), status.name());
            assertTrue(status.ftpCode() >= 400 && status.ftpCode() < 600, status.name());
        }
        assertEquals(452, Status.NO_FREE_SPACE.ftpCode());
        assertEquals("SRM_AUTHORIZATION_FAILURE", Status.AUTHORIZATION_FAILURE.srmCode());
    }

    @Test
    void principalGivesItsPrimaryVo() {
        GridPrincipal p = new GridPrincipal("/CN=x", java.util.List.of("/biomed/Role=NULL", "/biomed/lab"));
        assertEquals("biomed", p.primaryVo());
        assertEquals(null, new GridPrincipal("/CN=y", java.util.List.of()).primaryVo());
    }
}
