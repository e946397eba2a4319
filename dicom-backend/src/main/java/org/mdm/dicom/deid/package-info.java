/**
 * De-identification transform ({@code deid}): the DICOM PS3.15 Annex E Basic Application Level
 * Confidentiality Profile with site-selectable options, deterministic (keyed UIDs and date
 * shifts, no wall-clock values) so that a regenerated spool file is byte-identical.
 *
 * <p>Pipeline: {@link org.mdm.dicom.deid.Part10Scanner} checks the stream's structure and
 * locates the raw Pixel Data element; PixelMed parses the other attributes;
 * {@link org.mdm.dicom.deid.ProfileApplier} applies the rules of
 * {@link org.mdm.dicom.deid.ProfileTable} (Table E.1-1, a resource); {@link
 * org.mdm.dicom.deid.Part10Writer} writes a fresh meta header, the attributes, and the
 * original Pixel Data bytes unchanged.
 */
package org.mdm.dicom.deid;
