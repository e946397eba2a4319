package org.mdm.se.gridftp;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.mdm.api.FileAttributes;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.se.StorageElement;

/**
 * SIZE, MDTM, MLST, STAT and CKSM. An on-demand image has no size or checksum until it is
 * staged, so these stage it (the transfer that follows is then a spool hit); directories of the
 * name space answer without staging anything.
 */
final class FileFacts {
    private static final DateTimeFormatter MDTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LS = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * What FEAT advertises for MLST: the facts we fill in. gfal2 takes the file type and mode
     * from UNIX.mode (without it gfal-stat prints "unknown (7777/-rwxrwxrwx)"); the values are
     * what a read-only store means: files 0444, directories 0555, owned by the storage element.
     */
    static final String MLST_FACTS = "Type*;Size*;Modify*;Perm*;UNIX.mode*;UNIX.owner*;UNIX.group*;";
    private static final String OWNER = "UNIX.owner=mdm;UNIX.group=mdm;";

    private final StorageElement se;
    private final GridPrincipal caller;

    FileFacts(StorageElement se, GridPrincipal caller) {
        this.se = se;
        this.caller = caller;
    }

    Reply size(String path) throws MdmException, InterruptedException {
        return Reply.of(213, Long.toString(fileAttributes(path).size()));
    }

    Reply mdtm(String path) throws MdmException, InterruptedException {
        return Reply.of(213, MDTM.format(fileAttributes(path).modifiedAt()));
    }

    Reply mlst(String path) throws MdmException, InterruptedException {
        String facts;
        if (se.isDirectory(path, caller)) {
            facts = "Type=dir;Perm=el;UNIX.mode=0555;" + OWNER;
        } else {
            FileAttributes a = se.attributes(path, caller);
            facts = "Type=file;Size=" + a.size() + ";Modify=" + MDTM.format(a.modifiedAt()) + ";Perm=r;"
                    + "UNIX.mode=0444;" + OWNER;
        }
        return Reply.multi(250, "Listing " + path, List.of(facts + " " + path), "End.");
    }

    Reply stat(String path) throws MdmException, InterruptedException {
        String name = path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
        String line;
        if (se.isDirectory(path, caller)) {
            line = "dr-xr-xr-x   1 mdm      mdm             0 Jan 01 00:00 " + name;
        } else {
            FileAttributes a = se.attributes(path, caller);
            line = String.format("-r--r--r--   1 mdm      mdm      %12d %s %s", a.size(), LS.format(a.modifiedAt()), name);
        }
        return Reply.multi(213, "Status of " + path + ":", List.of(line), "End.");
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
        FileAttributes a = fileAttributes(f[3]);
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

    private FileAttributes fileAttributes(String path) throws MdmException, InterruptedException {
        if (se.isDirectory(path, caller)) {
            throw new MdmException(Status.INVALID_PATH, path + " is a directory, not a file.");
        }
        return se.attributes(path, caller);
    }
}
