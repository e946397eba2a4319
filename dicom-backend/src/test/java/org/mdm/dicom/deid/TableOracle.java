package org.mdm.dicom.deid;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected treatment of an attribute, read straight from the TSV by column name and the
 * PS3.15 rules, written separately from the code under test so that the two can disagree.
 */
final class TableOracle {
    enum Expect { ABSENT, EMPTY, DUMMY, UID, KEEP, SHIFT, CLEAN }

    private final Map<String, Map<String, String>> rows = new HashMap<>();
    private final List<Map<String, String>> wildcard = new ArrayList<>();

    TableOracle() throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                TableOracle.class.getResourceAsStream("annex-e-table-e1-1.tsv"), StandardCharsets.UTF_8))) {
            String[] header = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (header == null) {
                    header = cells;
                    continue;
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], cells[i]);
                }
                if (cells[0].contains("x")) {
                    wildcard.add(row);
                } else {
                    rows.put(cells[0], row);
                }
            }
        }
    }

    int size() {
        return rows.size() + wildcard.size();
    }

    Map<String, String> row(String tag) {
        Map<String, String> row = rows.get(tag);
        if (row != null) {
            return row;
        }
        for (Map<String, String> w : wildcard) {
            String pattern = w.get("tag");
            boolean match = true;
            for (int i = 0; i < tag.length(); i++) {
                match &= pattern.charAt(i) == 'x' || pattern.charAt(i) == tag.charAt(i);
            }
            if (match) {
                return w;
            }
        }
        return null;
    }

    Expect expect(String tag, String vr, String keyword, DeidOptions o) {
        if (Integer.parseInt(tag.substring(1, 5), 16) % 2 == 1) {
            return Expect.ABSENT;
        }
        Map<String, String> row = row(tag);
        Expect e = row == null ? unlisted(vr, keyword, o) : listed(row, vr, o);
        if (vr.equals("SQ")) {
            return e == Expect.ABSENT || e == Expect.EMPTY ? e : Expect.KEEP;
        }
        if (e == Expect.SHIFT && !vr.equals("DA") && !vr.equals("DT")) {
            return Expect.KEEP;
        }
        if (e == Expect.UID && !vr.equals("UI")) {
            return Expect.DUMMY;
        }
        if (e == Expect.DUMMY && vr.equals("UI")) {
            return Expect.UID;
        }
        return e;
    }

    private static Expect listed(Map<String, String> row, String vr, DeidOptions o) {
        List<String> codes = new ArrayList<>();
        boolean dateC = false;
        if (o.uids()) {
            codes.add(row.get("rtnUIDsOpt"));
        }
        if (o.deviceIdentity()) {
            codes.add(row.get("rtnDevIdOpt"));
        }
        if (o.institutionIdentity()) {
            codes.add(row.get("rtnInstIdOpt"));
        }
        if (o.patientCharacteristics()) {
            codes.add(row.get("rtnPatCharsOpt"));
        }
        if (o.longitudinalFullDates()) {
            codes.add(row.get("rtnLongFullDatesOpt"));
        }
        if (o.longitudinalModifiedDates()) {
            codes.add(row.get("rtnLongModifDatesOpt"));
            dateC = "C".equals(row.get("rtnLongModifDatesOpt"));
        }
        if (o.cleanDescriptors()) {
            codes.add(row.get("cleanDescOpt"));
        }
        if (codes.contains("K")) {
            return Expect.KEEP;
        }
        if (codes.contains("C")) {
            return dateC ? Expect.SHIFT : Expect.CLEAN;
        }
        String basic = row.get("basicProfile");
        if (basic.equals("X")) {
            return Expect.ABSENT;
        }
        if (basic.equals("Z") || basic.equals("X/Z")) {
            return Expect.EMPTY;
        }
        if (basic.contains("D")) {
            return Expect.DUMMY;
        }
        if (basic.contains("U")) {
            return Expect.UID;
        }
        return Expect.KEEP;
    }

    private static Expect unlisted(String vr, String keyword, DeidOptions o) {
        if (vr.equals("DA") || vr.equals("DT")) {
            return o.longitudinalFullDates() ? Expect.KEEP : o.longitudinalModifiedDates() ? Expect.SHIFT : Expect.EMPTY;
        }
        if (vr.equals("UI") && !o.uids() && !keyword.endsWith("ClassUID") && !keyword.contains("TransferSyntax")
                && !keyword.equals("CodingSchemeUID")) {
            return Expect.UID;
        }
        return Expect.KEEP;
    }
}
