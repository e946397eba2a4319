-- Protected attributes hold what de-identification erases (the patient's identity, the hospital's
-- UIDs, study dates and descriptions). They follow only their own ACL, never the entry's: a grant
-- on an image, a series or a study reaches the entry's other attributes, and a protected one is
-- granted on its own (mdm acl set /mdm/PATIENT/<id>:name ...).
ALTER TABLE md_attribute ADD COLUMN is_protected BOOLEAN DEFAULT FALSE NOT NULL;

-- STUDY and SERIES entries are named by the de-identified UIDs, as their name-space directories
-- and the IMAGE entries' study/series links are; the hospital's UIDs are kept protected.
INSERT INTO md_attribute (dir, name, type) VALUES
    ('/mdm/STUDY', 'origStudyInsUID', 'varchar'),
    ('/mdm/SERIES', 'origSeriesInsUID', 'varchar');

UPDATE md_attribute SET is_protected = TRUE
    WHERE dir = '/mdm/PATIENT'
       OR (dir = '/mdm/IMAGE' AND name = 'origSOPinsUID')
       OR (dir = '/mdm/STUDY' AND name IN ('origStudyInsUID', 'date', 'description'))
       OR (dir = '/mdm/SERIES' AND name IN ('origSeriesInsUID', 'description'));

-- Images registered before this migration: their studies and series get entries from what their
-- IMAGE entries know (links, modality), owned by the owner of one of their images, readable by
-- that owner alone until the next grant on the directory. Dates and descriptions need the DICOM
-- header; registering the images again would fill them in.
INSERT INTO md_entry (dir, name, owner_dn)
    SELECT '/mdm/STUDY', v.val, MIN(e.owner_dn)
    FROM md_value v JOIN md_entry e ON e.dir = v.dir AND e.name = v.entry
    WHERE v.dir = '/mdm/IMAGE' AND v.attr = 'study' AND v.val IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM md_entry s WHERE s.dir = '/mdm/STUDY' AND s.name = v.val)
    GROUP BY v.val;
INSERT INTO md_value (dir, entry, attr, val)
    SELECT '/mdm/STUDY', s.name, 'StudyInsUID', s.name FROM md_entry s
    WHERE s.dir = '/mdm/STUDY'
      AND NOT EXISTS (SELECT 1 FROM md_value x WHERE x.dir = s.dir AND x.entry = s.name AND x.attr = 'StudyInsUID');
INSERT INTO md_value (dir, entry, attr, val)
    SELECT '/mdm/STUDY', v.val, 'patient', MIN(p.val)
    FROM md_value v JOIN md_value p ON p.dir = v.dir AND p.entry = v.entry AND p.attr = 'patient'
    WHERE v.dir = '/mdm/IMAGE' AND v.attr = 'study'
      AND NOT EXISTS (SELECT 1 FROM md_value x WHERE x.dir = '/mdm/STUDY' AND x.entry = v.val AND x.attr = 'patient')
    GROUP BY v.val;
INSERT INTO md_entry (dir, name, owner_dn)
    SELECT '/mdm/SERIES', v.val, MIN(e.owner_dn)
    FROM md_value v JOIN md_entry e ON e.dir = v.dir AND e.name = v.entry
    WHERE v.dir = '/mdm/IMAGE' AND v.attr = 'series' AND v.val IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM md_entry s WHERE s.dir = '/mdm/SERIES' AND s.name = v.val)
    GROUP BY v.val;
INSERT INTO md_value (dir, entry, attr, val)
    SELECT '/mdm/SERIES', s.name, 'SeriesInsUID', s.name FROM md_entry s
    WHERE s.dir = '/mdm/SERIES'
      AND NOT EXISTS (SELECT 1 FROM md_value x WHERE x.dir = s.dir AND x.entry = s.name AND x.attr = 'SeriesInsUID');
INSERT INTO md_value (dir, entry, attr, val)
    SELECT '/mdm/SERIES', v.val, 'study', MIN(t.val)
    FROM md_value v JOIN md_value t ON t.dir = v.dir AND t.entry = v.entry AND t.attr = 'study'
    WHERE v.dir = '/mdm/IMAGE' AND v.attr = 'series'
      AND NOT EXISTS (SELECT 1 FROM md_value x WHERE x.dir = '/mdm/SERIES' AND x.entry = v.val AND x.attr = 'study')
    GROUP BY v.val;
INSERT INTO md_value (dir, entry, attr, val)
    SELECT '/mdm/SERIES', v.val, 'modality', MIN(m.val)
    FROM md_value v JOIN md_value m ON m.dir = v.dir AND m.entry = v.entry AND m.attr = 'modality'
    WHERE v.dir = '/mdm/IMAGE' AND v.attr = 'series'
      AND NOT EXISTS (SELECT 1 FROM md_value x WHERE x.dir = '/mdm/SERIES' AND x.entry = v.val AND x.attr = 'modality')
    GROUP BY v.val;
