package org.mdm.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * ACLs as users write them (issue 13's one grant): the POSIX text of setfacl, dpns-setacl and
 * lfc-setacl ({@code m:rwx,u::rwx,g::0,o::0,u:<DN>:r-x,d:m:rwx}: a tag, a qualifier for named
 * users and groups, rwx letters or an octal digit, {@code d:} for defaults), and the short form
 * the eds commands use ({@code dn:<DN>:r}, {@code group:/vo/lab:rx}, {@code vo:biomed:r}).
 * Entries are separated by commas; a comma belongs to a DN unless an entry starts after it, so
 * DNs with commas or colons parse. Written by hand: no maintained Java library parses this
 * text (the JDK's AclEntry is NFSv4's model, not POSIX draft 17).
 */
public final class AclText {
    /** How the syntax is shown in errors and help. */
    public static final String SYNTAX = "[d:]u|g|m|o:[DN or group]:rwx[c] (letters, '-' or an octal digit; c: may change the ACL), e.g."
            + " \"m:rwx,u::rwx,g::0,o::0,u:/C=FR/O=MDM/CN=Ann:r-x,d:m:rwx\"; or dn:DN:rx, group:/vo/group:r, vo:VO:r";

    private static final String START = "(?:d:|default:)?(?:u|user|g|group|m|mask|o|other|dn|vo|fqan):";
    /** The catalogue's column for a DN or group (VARCHAR(512)). */
    private static final int MAX_PRINCIPAL = 512;
    private static final Pattern SEPARATOR = Pattern.compile(",\\s*(?=" + START + ")");

    private AclText() {
    }

    /**
     * The entries of {@code text}.
     *
     * @throws MdmException INVALID_REQUEST naming the entry and what is wrong with it
     */
    public static List<AclEntry> parse(String text) throws MdmException {
        return parse(text, false);
    }

    /**
     * The principals {@code text} names, for a removal (setfacl -x): {@code u:<DN>}, {@code
     * dn:<DN>}, {@code g:/vo/lab}, {@code vo:biomed}, {@code d:u:<DN>}; rights, if written, are ignored.
     *
     * @throws MdmException INVALID_REQUEST naming the entry and what is wrong with it
     */
    public static List<AclEntry> parsePrincipals(String text) throws MdmException {
        List<AclEntry> entries = parse(text, true);
        for (AclEntry e : entries) {
            if (e.tag() != AclEntry.Tag.USER && e.tag() != AclEntry.Tag.GROUP) {
                throw invalid(format(List.of(e)), "only named users, groups and VOs can be removed; change the"
                        + " owner, group, mask and other entries with mdm acl set");
            }
        }
        return entries;
    }

    private static List<AclEntry> parse(String text, boolean principalsOnly) throws MdmException {
        if (text == null || text.isBlank()) {
            throw invalid(String.valueOf(text), "the ACL is empty");
        }
        List<AclEntry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : SEPARATOR.split(text.strip())) {
            AclEntry e = entry(part.strip(), principalsOnly);
            String key = e.isDefault() + " " + e.tag() + " " + e.qualifier();
            if (!seen.add(key)) {
                throw invalid(part, "it repeats an entry given before");
            }
            entries.add(e);
        }
        return entries;
    }

    private static AclEntry entry(String spec, boolean principalsOnly) throws MdmException {
        String rest = spec;
        boolean isDefault = false;
        if (rest.startsWith("d:") || rest.startsWith("default:")) {
            isDefault = true;
            rest = rest.substring(rest.indexOf(':') + 1);
        }
        int colon = rest.indexOf(':');
        if (colon < 0) {
            throw invalid(spec, "it has no tag (u, g, m, o, or dn, group, vo)");
        }
        String tag = rest.substring(0, colon).toLowerCase(Locale.ROOT);
        String body = rest.substring(colon + 1);
        if (principalsOnly && !hasPerms(body)) {
            body = body + ":0"; // a removal names whom, not which rights
        }
        return switch (tag) {
            case "u", "user" -> named(spec, AclEntry.Tag.USER_OBJ, AclEntry.Tag.USER, body, isDefault);
            case "g", "group" -> named(spec, AclEntry.Tag.GROUP_OBJ, AclEntry.Tag.GROUP, body, isDefault);
            case "m", "mask" -> unnamed(spec, AclEntry.Tag.MASK, body, isDefault);
            case "o", "other" -> unnamed(spec, AclEntry.Tag.OTHER, body, isDefault);
            case "dn" -> shortForm(spec, AclEntry.Tag.USER, body, isDefault);
            case "vo", "fqan" -> shortForm(spec, AclEntry.Tag.GROUP, body, isDefault);
            default -> throw invalid(spec, "unknown principal type '" + tag + "'");
        };
    }

    /** {@code u::rwx} (the owner) or {@code u:<DN>:r-x}; the qualifier ends at the last colon. */
    private static AclEntry named(String spec, AclEntry.Tag owner, AclEntry.Tag named, String body, boolean dflt)
            throws MdmException {
        int last = body.lastIndexOf(':');
        if (last < 0) {
            throw invalid(spec, "it has no permissions after a second colon");
        }
        String qualifier = principal(spec, body.substring(0, last).strip());
        int perms = perms(spec, body.substring(last + 1));
        if (!qualifier.isEmpty() && named == AclEntry.Tag.GROUP) {
            qualifier = group(spec, qualifier);
        }
        return qualifier.isEmpty() ? new AclEntry(owner, null, perms, dflt) : new AclEntry(named, qualifier, perms, dflt);
    }

    /** {@code m::rwx}, {@code m:rwx}, {@code o::0}: no qualifier. */
    private static AclEntry unnamed(String spec, AclEntry.Tag tag, String body, boolean dflt) throws MdmException {
        String permsText = body.startsWith(":") ? body.substring(1) : body;
        if (permsText.contains(":")) {
            throw invalid(spec, "a " + (tag == AclEntry.Tag.MASK ? "mask" : "other") + " entry names nobody");
        }
        return new AclEntry(tag, null, perms(spec, permsText), dflt);
    }

    /** {@code dn:<DN>:rx}, {@code group:/vo/lab:r} (matched above as g), {@code vo:biomed:r}. */
    private static AclEntry shortForm(String spec, AclEntry.Tag tag, String body, boolean dflt) throws MdmException {
        int last = body.lastIndexOf(':');
        if (last < 0 && !body.isBlank()) {
            throw invalid(spec, "it gives no rights: end it with a colon and the rights, e.g. :r or :rx");
        }
        String qualifier = principal(spec, last < 0 ? "" : body.substring(0, last).strip());
        if (qualifier.isEmpty()) {
            throw invalid(spec, "it names nobody: give a DN, a VOMS group or a VO before the rights");
        }
        return new AclEntry(tag, tag == AclEntry.Tag.GROUP ? group(spec, qualifier) : qualifier,
                perms(spec, body.substring(last + 1)), dflt);
    }

    /**
     * A group as the evaluators compare it: {@code /vo/group}, {@code /vo/group/Role=r} or a VO
     * name. An FQAN's {@code /Role=NULL} (no role) and {@code /Capability=NULL} are dropped, as
     * voms-proxy-info prints them; a real capability is refused (VOMS no longer issues any).
     */
    private static String group(String spec, String qualifier) throws MdmException {
        String g = qualifier.replaceFirst("/Capability=NULL$", "").replaceFirst("/Role=NULL$", "");
        if (g.contains("/Capability=")) {
            throw invalid(spec, "a group names no capability: write /vo/group or /vo/group/Role=role");
        }
        if (g.contains("/Role=") && !g.matches("/[^=]+/Role=[A-Za-z0-9._-]+")) {
            throw invalid(spec, "a role comes last, after the group: /vo/group/Role=role");
        }
        return g;
    }

    /** Whether {@code body} ends with rights after a colon. */
    private static boolean hasPerms(String body) {
        int last = body.lastIndexOf(':');
        return last >= 0 && body.substring(last + 1).strip().matches("[0-7]|[rwxc-]{1,4}");
    }

    /**
     * rwx letters in any order with '-' for none ("r-x", "rx"), and c for control ("r-xc"), or
     * one octal digit ("5").
     */
    private static int perms(String spec, String text) throws MdmException {
        String t = text.strip();
        if (t.length() == 1 && t.charAt(0) >= '0' && t.charAt(0) <= '7') {
            return t.charAt(0) - '0';
        }
        if (t.isEmpty() || t.length() > 4) {
            throw invalid(spec, "permissions '" + t + "' are neither rwx letters nor an octal digit");
        }
        int perms = 0;
        for (char c : t.toCharArray()) {
            int bit = switch (c) {
                case 'r' -> AclEntry.READ;
                case 'w' -> AclEntry.WRITE;
                case 'x' -> AclEntry.EXECUTE;
                case 'c' -> AclEntry.CONTROL;
                case '-' -> 0;
                default -> throw invalid(spec, "'" + c + "' is not a permission (r, w, x, c or -)");
            };
            if (bit != 0 && (perms & bit) != 0) {
                throw invalid(spec, "permission '" + c + "' is given twice");
            }
            perms |= bit;
        }
        return perms;
    }

    /** The entries in the POSIX text {@link #parse} reads back ({@code u::rwx,u:<DN>:r-x,…}). */
    public static String format(List<AclEntry> entries) {
        StringBuilder b = new StringBuilder();
        for (AclEntry e : entries) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(e.isDefault() ? "d:" : "").append(switch (e.tag()) {
                case USER_OBJ, USER -> "u";
                case GROUP_OBJ, GROUP -> "g";
                case MASK -> "m";
                case OTHER -> "o";
            }).append(':').append(e.qualifier() == null ? "" : e.qualifier()).append(':').append(letters(e.perms()));
        }
        return b.toString();
    }

    private static String letters(int perms) {
        return ((perms & AclEntry.READ) != 0 ? "r" : "-") + ((perms & AclEntry.WRITE) != 0 ? "w" : "-")
                + ((perms & AclEntry.EXECUTE) != 0 ? "x" : "-") + ((perms & AclEntry.CONTROL) != 0 ? "c" : "");
    }

    /**
     * A DN, group or VO as a certificate or proxy could carry it: no control characters (a line
     * break would also forge lines in mdm acl get), and no longer than the catalogue keeps.
     */
    private static String principal(String spec, String qualifier) throws MdmException {
        if (qualifier.length() > MAX_PRINCIPAL) {
            throw invalid(spec, "the DN or group is " + qualifier.length() + " characters long; at most " + MAX_PRINCIPAL
                    + " are kept");
        }
        if (qualifier.chars().anyMatch(Character::isISOControl)) {
            throw invalid(spec, "the DN or group holds a control character (a line break or a tab?), which no"
                    + " certificate's name has");
        }
        return qualifier;
    }

    private static MdmException invalid(String entry, String why) {
        String shown = (entry.length() > 200 ? entry.substring(0, 200) + "..." : entry).replaceAll("\\p{Cntrl}", "?");
        return new MdmException(Status.INVALID_REQUEST, "ACL entry '" + shown + "': " + why + ". Syntax: " + SYNTAX);
    }
}
