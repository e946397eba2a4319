package org.mdm.dicom.deid;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mdm.api.MdmException;

/**
 * Walks the elements of a data set (PS3.5 section 7) without interpreting values: it checks that
 * every element, item and delimiter fits, and records the top-level tags and the byte range of
 * the top-level Pixel Data element (header, value or fragments, and delimiter).
 */
final class DataSetWalker {
    /** Explicit VRs with a 2-byte reserved field and a 4-byte length (PS3.5 7.1.2). */
    static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR",
            "UT", "UV");
    /** Every VR of PS3.5 6.2: an explicit VR outside this set means the bytes are not what they claim. */
    static final Set<String> VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT",
            "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL",
            "UN", "UR", "US", "UT", "UV");
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    /**
     * Deepest sequence nesting accepted. Real objects nest a few levels (SR content trees a few
     * dozen at most); PixelMed and this walker recurse once per level, so a crafted object
     * nested thousands deep would overflow the stack instead of being refused.
     */
    static final int MAX_DEPTH = 64;

    private final byte[] b;
    private final int base;
    private final String where;
    private final String label;
    private final boolean explicit;
    private final boolean bigEndian;
    private final List<Integer> topLevel = new ArrayList<>();
    private final List<Integer> topLevelStarts = new ArrayList<>();
    private int depth;
    /** The top-level element being walked, to name it when something inside it is wrong. */
    private int currentTop;
    private int pixelStart = -1;
    private int pixelEnd = -1;

    /**
     * @param base  offset of {@code b} in the file, for messages
     * @param where suffix for byte positions in messages (e.g. " of the inflated data set")
     */
    DataSetWalker(byte[] b, int base, String where, String label, boolean explicit, boolean bigEndian) {
        this.b = b;
        this.base = base;
        this.where = where;
        this.label = label;
        this.explicit = explicit;
        this.bigEndian = bigEndian;
    }

    /** Walks the whole data set. */
    void walk() throws MdmException {
        elements(0, b.length, explicit, false, true);
    }

    int pixelStart() {
        return pixelStart;
    }

    int pixelEnd() {
        return pixelEnd;
    }

    List<Integer> topLevelTags() {
        return List.copyOf(topLevel);
    }

    /** The offset of each top-level element, in the order of {@link #topLevelTags()}. */
    List<Integer> topLevelStarts() {
        return List.copyOf(topLevelStarts);
    }

    /** Walks elements up to limit (or an item delimiter); returns the position after them. */
    private int elements(int pos, int limit, boolean explicitVr, boolean untilItemEnd, boolean top)
            throws MdmException {
        while (true) {
            if (pos == limit) {
                if (untilItemEnd) {
                    throw truncated(pos, "an item has no delimiter");
                }
                return pos;
            }
            need(pos, 8, limit, "element header");
            int tag = tag(pos);
            if (tag == ITEM_END && untilItemEnd) {
                return pos + 8;
            }
            pos = element(pos, limit, tag, explicitVr, top);
        }
    }

    private int element(int pos, int limit, int tag, boolean explicitVr, boolean top) throws MdmException {
        if (top) {
            currentTop = tag;
        }
        String vr = explicitVr ? new String(b, pos + 4, 2, StandardCharsets.US_ASCII) : null;
        if (vr != null && !VRS.contains(vr)) {
            throw Part10Scanner.corrupt(label, "element " + tagText(tag) + " at byte " + at(pos)
                    + " has no valid VR although the transfer syntax is explicit VR");
        }
        boolean longForm = vr == null || LONG_VRS.contains(vr);
        int header = vr != null && longForm ? 12 : 8;
        need(pos, header, limit, "element header");
        long length = vr == null ? u32(pos + 4) : longForm ? u32(pos + 8) : u16(pos + 6);
        int valueStart = pos + header;
        int end;
        if (length == UNDEFINED) {
            // Encapsulated pixel data also occurs nested (e.g. in Icon Image Sequence).
            boolean encapsulated = tag == PIXEL_DATA || "OB".equals(vr) || "OW".equals(vr);
            // An undefined-length UN holds an implicit VR little endian sequence (PS3.5 6.2.2).
            boolean innerExplicit = explicitVr && !"UN".equals(vr);
            end = undefinedItems(valueStart, limit, innerExplicit, encapsulated);
        } else {
            need(valueStart, length, limit, "value of " + tagText(tag));
            end = valueStart + (int) length;
            if ("SQ".equals(vr)) {
                definedItems(valueStart, end, explicitVr);
            } else if ((vr == null || "UN".equals(vr)) && dictionarySequence(tag)) {
                // PixelMed reads this value as a sequence (its dictionary says SQ), so its items
                // are checked here too: an item claiming hundreds of megabytes would otherwise
                // reach PixelMed, which allocates what it is told. In implicit VR (and in UN) the
                // items are implicit VR little endian.
                definedItems(valueStart, end, false);
            }
        }
        if (top) {
            topLevel.add(tag);
            topLevelStarts.add(pos);
            if (tag == PIXEL_DATA) {
                pixelStart = pos;
                pixelEnd = end;
            }
        }
        return end;
    }

    private static boolean dictionarySequence(int tag) {
        byte[] vr = AttributeList.getDictionary().getValueRepresentationFromTag(new AttributeTag(tag >>> 16,
                tag & 0xFFFF));
        return vr != null && vr.length == 2 && vr[0] == 'S' && vr[1] == 'Q';
    }

    private int undefinedItems(int pos, int limit, boolean explicitVr, boolean encapsulated) throws MdmException {
        while (true) {
            need(pos, 8, limit, "item header");
            int tag = tag(pos);
            if (tag == SEQUENCE_END) {
                return pos + 8;
            }
            pos = item(pos, limit, tag, explicitVr, encapsulated);
        }
    }

    private void definedItems(int pos, int end, boolean explicitVr) throws MdmException {
        while (pos < end) {
            need(pos, 8, end, "item header");
            pos = item(pos, end, tag(pos), explicitVr, false);
        }
    }

    private int item(int pos, int limit, int tag, boolean explicitVr, boolean encapsulated) throws MdmException {
        if (tag != ITEM) {
            throw Part10Scanner.corrupt(label, "expected an item at byte " + at(pos) + where + " but found "
                    + tagText(tag));
        }
        if (encapsulated) {
            return fragment(pos, limit);
        }
        if (++depth > MAX_DEPTH) {
            throw Part10Scanner.corrupt(label, "sequences are nested more than " + MAX_DEPTH + " levels deep at byte "
                    + at(pos) + where + " (in element " + tagText(currentTop) + ")");
        }
        try {
            return itemBody(pos, limit, explicitVr);
        } finally {
            depth--;
        }
    }

    private int fragment(int pos, int limit) throws MdmException {
        long length = u32(pos + 4);
        if (length == UNDEFINED) {
            throw Part10Scanner.corrupt(label, "a pixel data fragment at byte " + at(pos) + where
                    + " has undefined length");
        }
        need(pos + 8, length, limit, "item");
        return pos + 8 + (int) length;
    }

    private int itemBody(int pos, int limit, boolean explicitVr) throws MdmException {
        long length = u32(pos + 4);
        if (length == UNDEFINED) {
            return elements(pos + 8, limit, explicitVr, true, false);
        }
        need(pos + 8, length, limit, "item");
        int end = pos + 8 + (int) length;
        elements(pos + 8, end, explicitVr, false, false);
        return end;
    }

    private void need(int pos, long length, int limit, String what) throws MdmException {
        if (pos + length > limit) {
            throw truncated(pos, what + " at byte " + at(pos) + where + " needs " + length + " bytes, "
                    + (limit - pos) + " remain");
        }
    }

    private MdmException truncated(int pos, String detail) {
        return Part10Scanner.corrupt(label, "truncated at byte " + at(b.length) + where + " (" + detail + ")");
    }

    private int at(int pos) {
        return base + pos;
    }

    private int tag(int pos) {
        return u16(pos) << 16 | u16(pos + 2);
    }

    private int u16(int pos) {
        return bigEndian ? (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF) : Part10Scanner.u16(b, pos);
    }

    private long u32(int pos) {
        if (!bigEndian) {
            return Part10Scanner.u32(b, pos);
        }
        return (b[pos] & 0xFFL) << 24 | (b[pos + 1] & 0xFFL) << 16 | (b[pos + 2] & 0xFFL) << 8 | (b[pos + 3] & 0xFFL);
    }

    private static String tagText(int tag) {
        return String.format(Locale.ROOT, "(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
