package org.mdm.dicom.register;

import java.util.Map;

/**
 * What registration learns from one DICOM file before it changes anything anywhere.
 *
 * @param studyUid, seriesUid, sopInstanceUid the hospital's UIDs (PFN and protected metadata only)
 * @param keyId          the image key's id: the de-identified SOP Instance UID
 * @param deidStudyUid   the study directory's name in the name space
 * @param deidSeriesUid  the series directory's name
 * @param patientKey     the PATIENT entry's name (32 hex digits)
 * @param patient        the identifying values de-identification erases (PATIENT attributes)
 * @param image          the non-identifying IMAGE attributes (with the original SOP UID, protected)
 * @param study          the STUDY attributes (the original UID, date and description protected)
 * @param series         the SERIES attributes (the original UID and description protected)
 * @param datasetOffset  where the data set starts in the file (after the Part 10 header)
 */
public record ImageFacts(String sopClassUid, String transferSyntaxUid, String studyUid, String seriesUid,
        String sopInstanceUid, String keyId, String deidStudyUid, String deidSeriesUid, String patientKey,
        Map<String, String> patient, Map<String, String> image, Map<String, String> study,
        Map<String, String> series, long datasetOffset) {

    public ImageFacts {
        patient = Map.copyOf(patient);
        image = Map.copyOf(image);
        study = Map.copyOf(study);
        series = Map.copyOf(series);
    }

    /** The name-space path below a mount: {@code <Study>/<Series>/<SOP>}, de-identified. */
    public String relativePath() {
        return deidStudyUid + "/" + deidSeriesUid + "/" + keyId;
    }
}
