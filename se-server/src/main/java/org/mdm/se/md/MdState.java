package org.mdm.se.md;

import java.util.ArrayList;
import java.util.List;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** A session's state: who it is, and its current directory (AMGA's {@code cd}). */
final class MdState {
    private final GridPrincipal caller;
    private final MdSettings settings;
    private String cwd = "/";

    MdState(GridPrincipal caller, MdSettings settings) {
        this.caller = caller;
        this.settings = settings;
    }

    GridPrincipal caller() {
        return caller;
    }

    MdSettings settings() {
        return settings;
    }

    String cwd() {
        return cwd;
    }

    void cd(String dir) {
        cwd = dir;
    }

    /**
     * {@code path} made absolute against the current directory, with {@code .} and {@code ..}
     * resolved. Only the directory part is normalised: an entry name may hold anything but a slash.
     */
    String absolute(String path) throws MdmException {
        if (path.isEmpty()) {
            return cwd;
        }
        String joined = path.startsWith("/") ? path : (cwd.equals("/") ? "" : cwd) + "/" + path;
        List<String> parts = new ArrayList<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new MdmException(Status.NOT_FOUND, "No such directory: " + path + " goes above /.");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
