-- The metadata catalogue's directories and their typed attributes (AMGA-style names, as the
-- original system's clients ask for them: getattr /mdm/IMAGE/guid:<GUID> nx ny SOPinsUID).
-- PATIENT entries hold the identifying values that de-identification erased; they are keyed by a
-- keyed hash of the patient's identity, never by the patient ID.
INSERT INTO md_attribute (dir, name, type) VALUES
    ('/mdm/PATIENT', 'name', 'varchar'),
    ('/mdm/PATIENT', 'id', 'varchar'),
    ('/mdm/PATIENT', 'birthdate', 'varchar'),
    ('/mdm/PATIENT', 'sex', 'varchar'),
    ('/mdm/PATIENT', 'othernames', 'varchar'),
    ('/mdm/PATIENT', 'address', 'varchar'),
    ('/mdm/STUDY', 'StudyInsUID', 'varchar'),
    ('/mdm/STUDY', 'date', 'varchar'),
    ('/mdm/STUDY', 'description', 'varchar'),
    ('/mdm/STUDY', 'patient', 'varchar'),
    ('/mdm/SERIES', 'SeriesInsUID', 'varchar'),
    ('/mdm/SERIES', 'modality', 'varchar'),
    ('/mdm/SERIES', 'description', 'varchar'),
    ('/mdm/SERIES', 'study', 'varchar'),
    ('/mdm/IMAGE', 'nx', 'int'),
    ('/mdm/IMAGE', 'ny', 'int'),
    ('/mdm/IMAGE', 'modality', 'varchar'),
    ('/mdm/IMAGE', 'SOPclassUID', 'varchar'),
    ('/mdm/IMAGE', 'syntax', 'varchar'),
    ('/mdm/IMAGE', 'SOPinsUID', 'varchar'),
    ('/mdm/IMAGE', 'study', 'varchar'),
    ('/mdm/IMAGE', 'series', 'varchar'),
    ('/mdm/IMAGE', 'patient', 'varchar'),
    ('/mdm/IMAGE', 'origSOPinsUID', 'varchar');
