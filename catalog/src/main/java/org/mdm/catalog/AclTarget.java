package org.mdm.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * What one grant is about: a name-space entry (a study or series directory, or one image, named
 * by its path, its LFN or its GUID) or a metadata entry or attribute
 * ({@code /mdm/PATIENT/<id>:name}, {@code /mdm/PATIENT/<id>}).
 */
public sealed interface AclTarget {

    /** How targets are written, for errors and help. */
    String SYNTAX = "a study or series directory or an image (name-space path, or relative to the site's"
            + " register.path), lfn:/grid/..., guid:<GUID>, or a metadata entry or attribute /mdm/<DIR>/<entry>[:<attr>]";

    /**
     * A name-space entry and everything below it; {@code named} is how the caller named it
     * (path, lfn:, guid: or metadata entry), which is all an error may show of a hidden entry.
     */
    record Entry(NsPath path, String named) implements AclTarget {
        public Entry(NsPath path) {
            this(path, path.toString());
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** A metadata entry ({@code attr} {@link MetadataCatalogue#WHOLE_ENTRY}) or one of its attributes. */
    record Attribute(String dir, String entry, String attr) implements AclTarget {
        @Override
        public String toString() {
            return dir + "/" + entry + (attr.isEmpty() ? "" : ":" + attr);
        }
    }

    /**
     * The target {@code text} names.
     *
     * @param base    the name-space directory relative paths start from (register.path)
     * @param lfnBase the logical directory that stands for {@code base} (register.lfn)
     * @throws MdmException INVALID_PATH for text that is none of the forms, NOT_FOUND for an LFN
     *                      or GUID the catalogue does not know
     */
    static AclTarget parse(Connection c, String text, NsPath base, NsPath lfnBase) throws SQLException, MdmException {
        String t = text.strip();
        if (t.startsWith("lfn:")) {
            NsPath lfn = NsPath.parse(t.substring(4));
            var guid = new FileCatalogue().guidOf(c, lfn);
            if (guid.isPresent()) {
                return byGuid(c, guid.get(), t);
            }
            if (lfn.equals(lfnBase) || lfn.toString().startsWith(lfnBase + "/")) {
                return new Entry(NsPath.parse(base + lfn.toString().substring(lfnBase.toString().length())), t);
            }
            throw missing(t);
        }
        if (t.startsWith("guid:")) {
            return byGuid(c, t.substring(5), t);
        }
        if (t.startsWith("/mdm/")) {
            Attribute a = metadata(t);
            return a.attr().isEmpty() ? mirrored(c, a, base).orElse(a) : a;
        }
        if (t.startsWith("/")) {
            return new Entry(NsPath.parse(t));
        }
        if (t.isEmpty() || t.contains(":")) {
            throw new MdmException(Status.INVALID_PATH, "Target '" + t + "' is not " + SYNTAX + ".");
        }
        return new Entry(NsPath.parse(base + "/" + t));
    }

    private static AclTarget byGuid(Connection c, String guid, String text) throws SQLException, MdmException {
        return new Entry(new NameSpace().byGuid(c, guid.strip()).map(NsEntry::path).orElseThrow(() -> missing(text)),
                text);
    }

    /** What a target that does not exist, or that the caller may not see, is: the same words for both. */
    static MdmException missing(String named) {
        return new MdmException(Status.NOT_FOUND, "No such file or directory: " + named + "; mdm acl takes " + SYNTAX
                + ".");
    }

    /**
     * The name-space entry whose ACL a whole IMAGE, STUDY or SERIES metadata entry follows: a grant
     * on the entry alone would leave the image (or directory), its key and its entry disagreeing.
     */
    private static Optional<AclTarget> mirrored(Connection c, Attribute a, NsPath base)
            throws SQLException, MdmException {
        if (a.entry().contains("/")) {
            return Optional.empty();
        }
        if (a.dir().equals("/mdm/IMAGE") && a.entry().startsWith("guid:")) {
            return Optional.of(byGuid(c, a.entry().substring(5), a.toString()));
        }
        if (a.dir().equals(DirectoryEntries.STUDY)) {
            return Optional.of(new Entry(NsPath.parse(base + "/" + a.entry()), a.toString()));
        }
        if (a.dir().equals(DirectoryEntries.SERIES)) {
            MetadataCatalogue metadata = new MetadataCatalogue();
            if (!metadata.has(c, a.dir(), a.entry())) {
                throw missing(a.toString());
            }
            String study = metadata.getattr(c, a.dir(), a.entry(), List.of("study")).get("study");
            if (study == null || study.isBlank() || study.contains("/")) {
                throw missing(a.toString()); // a series entry always names its study; one that does not is no series of ours
            }
            return Optional.of(new Entry(NsPath.parse(base + "/" + study + "/" + a.entry()), a.toString()));
        }
        return Optional.empty();
    }

    /**
     * {@code /mdm/<DIR>/<entry>[:<attr>]} as a metadata target, without following a whole IMAGE,
     * STUDY or SERIES entry to its image or directory; the entry name may hold colons (guid:...),
     * the attribute not.
     */
    static Attribute metadata(String t) throws MdmException {
        int slash = t.indexOf('/', "/mdm/".length());
        if (slash < 0 || slash == t.length() - 1) {
            throw new MdmException(Status.INVALID_PATH, "Target '" + t + "' names a metadata directory, not an"
                    + " entry: write /mdm/<DIR>/<entry>[:<attr>].");
        }
        String dir = t.substring(0, slash);
        String rest = t.substring(slash + 1);
        int colon = rest.lastIndexOf(':');
        boolean attr = colon > 0 && !rest.substring(colon + 1).isEmpty() && rest.substring(colon + 1).matches("\\w+")
                && !(rest.startsWith("guid:") && colon == "guid".length());
        return attr ? new Attribute(dir, rest.substring(0, colon), rest.substring(colon + 1))
                : new Attribute(dir, rest, MetadataCatalogue.WHOLE_ENTRY);
    }
}
