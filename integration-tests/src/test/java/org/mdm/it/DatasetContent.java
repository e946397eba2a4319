package org.mdm.it;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The content of a DICOM object independent of how its encoder chose to lay it out. A DICOM
 * sender (dcmtk, inside Orthanc) re-encodes a stored file when it sends it: it drops group
 * lengths and trailing padding, may switch sequences between defined and undefined lengths and
 * re-pads string values and odd-length fragments. So the bytes a retrieval receives equal Orthanc's stored file only
 * when that file was already in dcmtk's layout; what must always be equal is the content: every
 * attribute with its VR and value (PixelMed's dump without value lengths, item offsets and value
 * padding), meta header, group lengths and trailing padding left out, plus the exact pixel data
 * bytes (compared separately, {@link SampleFileFacts#pixelDataFragments}).
 */
final class DatasetContent {
    private static final Pattern VALUE_LENGTH = Pattern.compile(" VL=<0x[0-9a-fA-F]+>");
    private static final Pattern ITEM_OFFSET = Pattern.compile("starts at 0x[0-9a-fA-F]+");
    /** Trailing space or NUL padding of each value (before the value separator or the closing bracket). */
    private static final Pattern VALUE_PADDING = Pattern.compile("[ \\x00]+(?=[\\\\>])");

    private DatasetContent() {
    }

    /** One line per attribute (nested ones included), for comparison only: it holds patient data, never log it. */
    static List<String> lines(byte[] file) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(file))) {
            list.read(in);
        }
        return lines(list);
    }

    /** {@link #lines(byte[])} of a parsed object (which loses its meta header and group lengths here). */
    static List<String> lines(AttributeList list) {
        list.removeMetaInformationHeaderAttributes();
        list.removeGroupLengthAttributes();
        list.remove(TagFromName.DataSetTrailingPadding);
        return list.toString().lines().map(l -> VALUE_LENGTH.matcher(l).replaceAll(""))
                .map(l -> ITEM_OFFSET.matcher(l).replaceAll("")).map(l -> VALUE_PADDING.matcher(l).replaceAll(""))
                .filter(l -> !l.contains("(0xfffc,0xfffc)")).toList();
    }

    /**
     * Null when both objects have the same content; else where they first differ, named by the
     * attribute (tag and keyword) only, never by its value.
     */
    static String firstDifference(byte[] expectedFile, byte[] actualFile) throws Exception {
        List<String> a = lines(expectedFile);
        List<String> b = lines(actualFile);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "attribute line " + i + ": expected " + name(a.get(i)) + ", got " + name(b.get(i))
                        + (name(a.get(i)).equals(name(b.get(i))) ? " (VR or value differs)" : "");
            }
        }
        return a.size() == b.size() ? null : "attribute count " + a.size() + " vs " + b.size();
    }

    /** The tag and keyword at the start of a dump line (the nesting markers included). */
    private static String name(String line) {
        int vr = line.indexOf(" VR=<");
        return vr < 0 ? line.substring(0, Math.min(line.length(), 20)) : line.substring(0, vr);
    }
}
