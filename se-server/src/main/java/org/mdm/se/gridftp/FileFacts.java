package org.mdm.se.gridftp;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.mdm.api.FileAttributes;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.namespace.NsFacts;
import org.mdm.se.StorageElement;

/**
 * SIZE, MDTM, MLST, STAT and CKSM, and the lines of LIST, NLST and MLSD. A registered file's
 * facts are the catalogue's (registration recorded the sealed file's exact size and ADLER32), so
 * nothing is staged to answer; only a file under a template mount is staged (the transfer that
 * follows is then a spool hit).
 */
final class FileFacts {
    private static final DateTimeFormatter MDTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LS = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * What FEAT advertises for MLST: the facts we fill in. gfal2 takes the file type and mode
     * from UNIX.mode (without it gfal-stat prints "unknown (7777/-rwxrwxrwx)"). Owner and group
     * are the catalogue's (a DN, with space, ';' and '%' percent-encoded: a fact ends at ';' and
     * the facts at the first space); "mdm" for paths under a template mount.
     */
    static final String MLST_FACTS = "Type*;Size*;Modify*;Perm*;UNIX.mode*;UNIX.owner*;UNIX.group*;";

    private final StorageElement se;
    private final GridPrincipal caller;

    FileFacts(StorageElement se, GridPrincipal caller) {
        this.se = se;
        this.caller = caller;
    }

    Reply size(String path) throws MdmException, InterruptedException {
        return Reply.of(213, Long.toString(file(path).size()));
    }

    Reply mdtm(String path) throws MdmException, InterruptedException {
        return Reply.of(213, MDTM.format(file(path).modifiedAt()));
    }

    Reply mlst(String path) throws MdmException, InterruptedException {
        return Reply.multi(250, "Listing " + path, List.of(mlstFacts(se.stat(path, caller)) + " " + path), "End.");
    }

    Reply stat(String path) throws MdmException, InterruptedException {
        String name = path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
        return Reply.multi(213, "Status of " + path + ":", List.of(lsLine(se.stat(path, caller), name)), "End.");
    }

    /** {@code CKSM <algorithm> <offset> <length> <path>}: ADLER32 of the whole file. */
    Reply cksm(String arg) throws MdmException, InterruptedException {
        String[] f = arg.trim().split("\\s+", 4);
        if (f.length != 4) {
            return Reply.of(501, "CKSM takes <algorithm> <offset> <length> <path>, e.g. CKSM ADLER32 0 -1 /path.");
        }
        if (!f[0].equalsIgnoreCase("ADLER32")) {
            return Reply.of(504, "CKSM " + f[0] + " is not supported: this storage element keeps ADLER32.");
        }
        FileAttributes a = file(f[3]);
        boolean whole = f[1].equals("0") && (f[2].equals("-1") || f[2].equals(Long.toString(a.size())));
        if (!whole) {
            return Reply.of(504, "CKSM of part of a file is not supported: use offset 0 and length -1.");
        }
        String hex = a.adler32Hex();
        if (hex == null) {
            throw new MdmException(Status.INTERNAL_ERROR, "no ADLER32 is known for " + f[3]);
        }
        return Reply.of(213, hex);
    }

    /** The text LIST, NLST or MLSD sends for these entries: one CRLF-ended line each. */
    static byte[] listing(String verb, List<NsFacts> entries) {
        StringBuilder text = new StringBuilder();
        for (NsFacts e : entries) {
            String name = e.path().substring(e.path().lastIndexOf('/') + 1);
            switch (verb) {
                case "MLSD" -> text.append(mlstFacts(e)).append(' ').append(name);
                case "LIST" -> text.append(lsLine(e, name));
                default -> text.append(name);
            }
            text.append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 3659 facts, each ended by ';'. */
    static String mlstFacts(NsFacts f) {
        String owner = "UNIX.mode=" + String.format("%04o", f.mode()) + ";UNIX.owner=" + token(f.owner())
                + ";UNIX.group=" + token(f.group()) + ";";
        String modify = "Modify=" + MDTM.format(f.modifiedAt()) + ";";
        return f.directory() ? "Type=dir;" + modify + "Perm=el;" + owner
                : "Type=file;Size=" + f.size() + ";" + modify + "Perm=r;" + owner;
    }

    /** One line as ls -l prints it (what STAT and LIST send). */
    static String lsLine(NsFacts f, String name) {
        return String.format(Locale.ROOT, "%s%s   1 %-8s %-8s %12d %s %s", f.directory() ? "d" : "-", rwx(f.mode()),
                token(f.owner()), token(f.group()), f.size(), LS.format(f.modifiedAt()), name);
    }

    private static String rwx(int mode) {
        StringBuilder s = new StringBuilder(9);
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (mode >> shift) & 7;
            s.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }

    /** A name as one space-free token; a missing one is "-". */
    static String token(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        return value.replace("%", "%25").replace(" ", "%20").replace(";", "%3B");
    }

    private FileAttributes file(String path) throws MdmException, InterruptedException {
        return se.attributes(path, caller);
    }
}
