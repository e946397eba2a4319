package org.mdm.catalog;

import java.util.ArrayList;
import java.util.List;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * An absolute name-space path, checked once: segments are non-empty, never {@code .} or
 * {@code ..}, at most 255 characters, without control characters; the whole at most 1024.
 */
public record NsPath(List<String> segments) {
    private static final int MAX_SEGMENT = 255;
    private static final int MAX_PATH = 1024;

    public NsPath {
        segments = List.copyOf(segments);
    }

    /** The root, {@code /}. */
    public static final NsPath ROOT = new NsPath(List.of());

    /**
     * Parses {@code text}; a trailing slash is accepted.
     *
     * @throws MdmException INVALID_PATH naming what is wrong
     */
    public static NsPath parse(String text) throws MdmException {
        if (text == null || !text.startsWith("/")) {
            throw invalid(text, "a name-space path is absolute (starts with /)");
        }
        if (text.length() > MAX_PATH) {
            throw invalid(text.substring(0, 40) + "...", "it is longer than " + MAX_PATH + " characters");
        }
        String body = text.endsWith("/") && text.length() > 1 ? text.substring(1, text.length() - 1) : text.substring(1);
        if (body.isEmpty()) {
            return ROOT;
        }
        List<String> segments = new ArrayList<>();
        for (String s : body.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                throw invalid(text, "empty, '.' and '..' segments are not allowed");
            }
            if (s.length() > MAX_SEGMENT || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw invalid(text, "a segment has over " + MAX_SEGMENT + " characters or a control character");
            }
            segments.add(s);
        }
        return new NsPath(segments);
    }

    private static MdmException invalid(String text, String why) {
        return new MdmException(Status.INVALID_PATH, "Invalid path '" + text + "': " + why + ".");
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The parent; the root is its own parent. */
    public NsPath parent() {
        return isRoot() ? this : new NsPath(segments.subList(0, segments.size() - 1));
    }

    /** The last segment; empty for the root. */
    public String name() {
        return isRoot() ? "" : segments.get(segments.size() - 1);
    }

    /** This path with {@code name} appended (a checked segment). */
    public NsPath child(String name) throws MdmException {
        return parse(toString() + (isRoot() ? "" : "/") + name);
    }

    /** Every ancestor from the root down, this path excluded. */
    public List<NsPath> ancestors() {
        List<NsPath> all = new ArrayList<>();
        for (int n = 0; n < segments.size(); n++) {
            all.add(new NsPath(segments.subList(0, n)));
        }
        return all;
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }
}
