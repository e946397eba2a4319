package org.mdm.dicom.register;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.dicom.Uids;
import org.mdm.dicom.deid.ImageKeyIds;
import org.mdm.dicom.net.ObjectCheck;

/**
 * Registration's first step: read a file's header (up to the pixel data), check it is a Part 10
 * DICOM object with well-formed UIDs, and work out every name registration records. Nothing is
 * changed anywhere; a refusal names the file and what to do, never a value from it.
 */
public final class ImageInspector {
    private static final int PREAMBLE = 128;

    private final ImageKeyIds ids;

    public ImageInspector(ImageKeyIds ids) {
        this.ids = ids;
    }

    /**
     * The facts of {@code file}.
     *
     * @throws MdmException CORRUPT_DATA for a file that is not a readable Part 10 DICOM object,
     *                      INVALID_PATH for a missing or malformed UID, IO_ERROR when unreadable
     */
    public ImageFacts inspect(Path file) throws MdmException {
        return inspect(file.toString(), readAll(file));
    }

    /**
     * The facts of {@code part10}, the content of {@code file} (a file name, or another name for
     * the object's source, e.g. a pushing AE title; named in messages), for a caller that has
     * the bytes anyway (registration stores them; the push SCP received them).
     */
    public ImageFacts inspect(String file, byte[] part10) throws MdmException {
        requirePart10(file, part10);
        AttributeList header = new AttributeList();
        long offset;
        try (DicomInputStream dicom = new DicomInputStream(new ByteArrayInputStream(part10))) {
            header.read(dicom, TagFromName.PixelData);
            offset = PREAMBLE + 4 + metaLength(header);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new MdmException(Status.CORRUPT_DATA, "Cannot register " + file + ": it is not a readable DICOM"
                    + " object (" + e.getClass().getSimpleName() + "). Check it with dciodvfy or dcmdump.", e);
        }
        String where = "file " + file;
        String syntax = Uids.require(text(header, TagFromName.TransferSyntaxUID), "Transfer Syntax UID", where);
        ObjectCheck.requireWhole(part10, (int) offset, syntax, where);
        String sopClass = Uids.require(text(header, TagFromName.SOPClassUID), "SOP Class UID", where);
        String sop = Uids.require(text(header, TagFromName.SOPInstanceUID), "SOP Instance UID", where);
        String study = Uids.require(text(header, TagFromName.StudyInstanceUID), "Study Instance UID", where);
        String series = Uids.require(text(header, TagFromName.SeriesInstanceUID), "Series Instance UID", where);
        String patientKey = ids.patientKey(java.util.Objects.toString(text(header, TagFromName.PatientID), ""),
                text(header, TagFromName.IssuerOfPatientID));
        return new ImageFacts(sopClass, syntax, study, series, sop, ids.of(sop), ids.deidentified(study),
                ids.deidentified(series), patientKey, patient(header), image(header, sopClass, syntax, sop, study,
                series, patientKey), study(header, study, patientKey), series(header, study, series), offset);
    }

    private static byte[] readAll(Path file) throws MdmException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot read " + file + ": " + MdmException.describe(e) + ".", e);
        }
    }

    private static void requirePart10(String file, byte[] head) throws MdmException {
        if (head.length < PREAMBLE + 4 || head[PREAMBLE] != 'D' || head[PREAMBLE + 1] != 'I'
                || head[PREAMBLE + 2] != 'C' || head[PREAMBLE + 3] != 'M') {
            throw new MdmException(Status.CORRUPT_DATA, "Cannot register " + file + ": it is not a DICOM Part 10"
                    + " file (no 'DICM' after the 128-byte preamble). Write it with a DICOM toolkit (e.g. dcmconv"
                    + " +F IN OUT) and register that copy.");
        }
    }

    /** The meta header's length: its group length element, plus that element itself (12 bytes). */
    private static long metaLength(AttributeList header) throws MdmException {
        Attribute length = header.get(TagFromName.FileMetaInformationGroupLength);
        if (length == null) {
            throw new MdmException(Status.CORRUPT_DATA, "The file meta information has no group length.");
        }
        try {
            return 12 + length.getSingleLongValueOrDefault(-1);
        } catch (RuntimeException e) {
            throw new MdmException(Status.CORRUPT_DATA, "The file meta information's group length is unreadable.", e);
        }
    }

    private static Map<String, String> patient(AttributeList h) {
        Map<String, String> values = new LinkedHashMap<>();
        put(values, "name", text(h, TagFromName.PatientName));
        put(values, "id", text(h, TagFromName.PatientID));
        put(values, "birthdate", text(h, TagFromName.PatientBirthDate));
        put(values, "sex", text(h, TagFromName.PatientSex));
        put(values, "othernames", text(h, TagFromName.OtherPatientNames));
        put(values, "address", text(h, TagFromName.PatientAddress));
        return values;
    }

    private Map<String, String> image(AttributeList h, String sopClass, String syntax, String sop, String study,
            String series, String patientKey) {
        Map<String, String> values = new LinkedHashMap<>();
        put(values, "nx", text(h, TagFromName.Columns));
        put(values, "ny", text(h, TagFromName.Rows));
        put(values, "modality", text(h, TagFromName.Modality));
        values.put("SOPclassUID", sopClass);
        values.put("syntax", syntax);
        values.put("SOPinsUID", ids.of(sop));
        values.put("study", ids.deidentified(study));
        values.put("series", ids.deidentified(series));
        values.put("patient", patientKey);
        values.put("origSOPinsUID", sop);
        return values;
    }

    private Map<String, String> study(AttributeList h, String study, String patientKey) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("StudyInsUID", ids.deidentified(study));
        values.put("patient", patientKey);
        values.put("origStudyInsUID", study);
        put(values, "date", text(h, TagFromName.StudyDate));
        put(values, "description", text(h, TagFromName.StudyDescription));
        return values;
    }

    private Map<String, String> series(AttributeList h, String study, String series) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SeriesInsUID", ids.deidentified(series));
        values.put("study", ids.deidentified(study));
        values.put("origSeriesInsUID", series);
        put(values, "modality", text(h, TagFromName.Modality));
        put(values, "description", text(h, TagFromName.SeriesDescription));
        return values;
    }

    private static void put(Map<String, String> values, String name, String value) {
        if (value != null && !value.isEmpty()) {
            values.put(name, value);
        }
    }

    private static String text(AttributeList list, AttributeTag tag) {
        String v = Attribute.getSingleStringValueOrNull(list, tag);
        return v == null ? null : v.trim();
    }
}
