package org.mdm.cli;

import java.util.LinkedHashSet;
import java.util.Set;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * A query line's optional site prefix: {@code @lyon,nice getattr ...} sends {@code getattr ...}
 * to lyon and nice only; a line without one goes to every site.
 *
 * @param sites   the named sites, empty for all
 * @param command the command without the prefix
 */
record SiteTargets(Set<String> sites, String command) {

    /** Splits {@code line} (already stripped) into its prefix and command. */
    static SiteTargets parse(String line) throws MdmException {
        if (!line.startsWith("@")) {
            return new SiteTargets(Set.of(), line);
        }
        int space = line.indexOf(' ');
        String list = space < 0 ? line.substring(1) : line.substring(1, space);
        String command = space < 0 ? "" : line.substring(space + 1).strip();
        Set<String> sites = new LinkedHashSet<>();
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                sites.add(name.strip());
            }
        }
        if (sites.isEmpty() || command.isEmpty()) {
            throw new MdmException(Status.INVALID_REQUEST, "'@SITE[,SITE...] COMMAND' needs site names and a command,"
                    + " e.g. @lyon,nice getattr /mdm/IMAGE/guid:... nx ny");
        }
        return new SiteTargets(Set.copyOf(sites), command);
    }
}
