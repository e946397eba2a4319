package org.mdm.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

class DicomPfnTest {

    @Test
    void parsesAnImagePfnWithDefaults() throws MdmException {
        DicomPfn pfn = DicomPfn.parse("dicom://ORTHANC@127.0.0.1/1.2.3/1.2.3.4/1.2.3.4.5");
        assertEquals("ORTHANC", pfn.node().aet());
        assertEquals("127.0.0.1", pfn.node().host());
        assertEquals(104, pfn.node().port());
        assertEquals("1.2.3", pfn.studyUid());
        assertEquals("1.2.3.4", pfn.seriesUid());
        assertEquals("1.2.3.4.5", pfn.instanceUid());
        assertEquals("deid", pfn.transform());
        assertEquals("dicom://ORTHANC@127.0.0.1:104/1.2.3/1.2.3.4/1.2.3.4.5?transform=deid", pfn.canonical());
    }

    @Test
    void parsesASeriesPfn() throws MdmException {
        DicomPfn pfn = DicomPfn.parse("dicom://PACS@pacs.example.org:4242/1.2/1.2.3?transform=deid");
        assertTrue(pfn.isSeries());
        assertNull(pfn.instanceUid());
        assertEquals(4242, pfn.node().port());
    }

    @Test
    void canonicalFormIsStable() throws MdmException {
        assertEquals(DicomPfn.parse("dicom://A@h/1/2/3").canonical(),
                DicomPfn.parse("dicom://A@h:104/1/2/3?transform=deid").canonical());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "dicom://ORTHANC@h:4242/1.2/../1.2.3.4",
        "dicom://ORTHANC@h:4242/1.2/1.2.3/..",
        "dicom://ORTHANC@h:4242/1.2/1.2.3/1.2.3.x",
        "dicom://ORTHANC@h:4242/1.2/1.2.3/1..2",
        "dicom://ORTHANC@h:4242/1.2/1.2.3/.1.2",
        "dicom://ORTHANC@h:4242/1.2/1.2.3/1.2.",
        "dicom://ORTHANC@h:4242/1.2/1.2.3/%2e%2e%2fetc",
        "dicom://ORTHANC@h:4242/1.2/1.2.3/1.2.3.4/5",
        "dicom://ORTHANC@h:4242/1.2",
        "dicom://ORTHANC@h:4242/1.2/1.2.3/1.2.3.4?transform=deid&x=1",
        "dicom://ORTHANC@h:4242/1.2/1.2.3/1.2.3.4?transform=../x",
        "dicom://h:4242/1.2/1.2.3/1.2.3.4",
        "dicom://WAYTOOLONGAETITLE17@h:4242/1.2/1.2.3/1.2.3.4",
        "file://ORTHANC@h:4242/1.2/1.2.3/1.2.3.4",
        "dicom:1.2.3",
        "not a pfn at all",
        "dicom://ORTHANC@h:4242/1.2/1.2.3/1.2.3.4#frag",
    })
    void rejectsMalformedPfnsWithAClearMessage(String text) {
        MdmException e = assertThrows(MdmException.class, () -> DicomPfn.parse(text));
        assertEquals(Status.INVALID_PATH, e.status());
        assertTrue(e.getMessage().contains("PFN"), e.getMessage());
    }

    @Test
    void rejectsAUidLongerThan64Characters() {
        String uid = "1." + "2".repeat(63);
        MdmException e = assertThrows(MdmException.class,
                () -> DicomPfn.parse("dicom://A@h:1/1.2/1.2.3/" + uid));
        assertTrue(e.getMessage().contains("SOP Instance UID"), e.getMessage());
    }

    @Test
    void uidGrammar() {
        assertTrue(Uids.isValid("1.2.840.10008.1.1"));
        assertTrue(Uids.isValid("0"));
        assertTrue(Uids.isValid("1." + "2".repeat(62)));
        assertEquals(false, Uids.isValid("1." + "2".repeat(63)));
        assertEquals(false, Uids.isValid(""));
        assertEquals(false, Uids.isValid("1.2 "));
        assertEquals(false, Uids.isValid("1/2"));
    }
}
