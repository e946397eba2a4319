package org.mdm.dicom.deid;

/** What the transform does to one attribute, once the table's codes and options are resolved. */
enum Action {
    /** X: the attribute is removed. */
    REMOVE,
    /** Z: the value is emptied (a sequence loses its items). */
    EMPTY,
    /** D: a non-empty value is replaced by a dummy of the same VR. */
    DUMMY,
    /** K: kept; a sequence is kept and the profile applied inside its items. */
    KEEP,
    /** C for descriptors and characteristics: identifying text is redacted. */
    CLEAN,
    /** U: each UID is replaced by its keyed UID. */
    UID,
    /** C for dates: DA and the date part of DT are shifted by the patient's offset. */
    SHIFT
}
