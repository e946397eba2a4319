package org.mdm.dicom.deid;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shifts DA values and the date part of DT values by whole days, keeping each value's precision
 * and format valid (PS3.5 6.2): times, fractions and UTC offsets are kept as they were.
 */
final class DateShifter {
    private static final Pattern DA = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    /** Legacy ACR-NEMA dates, still found in old archives; written back in DICOM form. */
    private static final Pattern DA_LEGACY = Pattern.compile("(\\d{4})\\.(\\d{2})\\.(\\d{2})");
    private static final Pattern DT = Pattern.compile("(\\d{4})(\\d{2})?(\\d{2})?(.*)");

    private final int days;

    DateShifter(int days) {
        this.days = days;
    }

    /** The shifted DA value, or null if the value is not a date (the caller then empties it). */
    String shiftDate(String value) {
        String trimmed = value.trim();
        Matcher m = DA.matcher(trimmed);
        if (!m.matches()) {
            m = DA_LEGACY.matcher(trimmed);
            if (!m.matches()) {
                return null;
            }
        }
        LocalDate shifted = date(m.group(1), m.group(2), m.group(3));
        return shifted == null ? null : format(shifted, 3);
    }

    /** The shifted DT value, or null if it is not a date-time. */
    String shiftDateTime(String value) {
        Matcher m = DT.matcher(value.trim());
        if (!m.matches()) {
            return null;
        }
        String rest = m.group(4);
        if (!rest.isEmpty() && (m.group(3) == null || !rest.matches("[0-9.+\\-]*"))) {
            return null;
        }
        int precision = m.group(3) != null ? 3 : m.group(2) != null ? 2 : 1;
        LocalDate shifted = date(m.group(1), m.group(2) == null ? "01" : m.group(2),
                m.group(3) == null ? "01" : m.group(3));
        return shifted == null ? null : format(shifted, precision) + rest;
    }

    private LocalDate date(String year, String month, String day) {
        try {
            return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day)).plusDays(days);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Formats with 1 (year), 2 (year, month) or 3 (full date) components. */
    private static String format(LocalDate date, int precision) {
        String full = String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        return full.substring(0, 2 + 2 * precision);
    }
}
