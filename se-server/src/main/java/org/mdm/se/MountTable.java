package org.mdm.se;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.Status;

/**
 * The storage element's mounts: each is a path prefix and a PFN template whose {@code {name}}
 * placeholders take the path's remaining segments in order, e.g.
 * {@code /dpm/example.org/home/biomed/mdm/} →
 * {@code dicom://ORTHANC@127.0.0.1:4242/{study}/{series}/{sop}?transform=deid}. The longest
 * matching prefix wins. A mount names the backend behind its part of the name space; its
 * template serves paths directly (template access: a path made of the hospital's own UIDs
 * reaches its images without registration) only when the mount opts in with
 * {@code <name>.template=true}. Otherwise only registered paths (the catalogue) are served.
 *
 * <p>Paths are taken literally: empty, {@code .} and {@code ..} segments are refused rather than
 * normalised, so a path can never climb out of its mount.
 */
public final class MountTable {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    /** What a path segment may hold: what PFN path segments hold, nothing that needs escaping. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    /** One mount: a prefix ending in '/', its template, and whether the template serves paths directly. */
    record Mount(String prefix, String template, List<String> placeholders, boolean templateAccess) {
    }

    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        List<Mount> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt((Mount m) -> m.prefix().length()).reversed());
        this.mounts = List.copyOf(sorted);
    }

    /**
     * Mounts from configuration: for each name, {@code <name>.path}, {@code <name>.pfn} and the
     * optional {@code <name>.template} (true or false, default false).
     *
     * @throws MdmException CONFIGURATION_ERROR naming the key for a missing, relative or duplicate
     *                      path, a template without placeholders, or a template flag that is not a boolean
     */
    public static MountTable fromConfig(Map<String, String> config) throws MdmException {
        Map<String, String[]> byName = new TreeMap<>();
        for (Map.Entry<String, String> e : config.entrySet()) {
            int dot = e.getKey().lastIndexOf('.');
            int field = dot < 0 ? -1 : FIELDS.indexOf(e.getKey().substring(dot + 1));
            if (field < 0) {
                throw config("unknown key '" + e.getKey() + "': use <name>.path, <name>.pfn and <name>.template");
            }
            byName.computeIfAbsent(e.getKey().substring(0, dot), n -> new String[FIELDS.size()])[field] =
                    e.getValue().trim();
        }
        List<Mount> mounts = new ArrayList<>();
        for (Map.Entry<String, String[]> e : byName.entrySet()) {
            String[] f = e.getValue();
            mounts.add(mount(e.getKey(), f[0], f[1], templateAccess(e.getKey(), f[2])));
        }
        for (int i = 0; i < mounts.size(); i++) {
            for (int j = i + 1; j < mounts.size(); j++) {
                if (mounts.get(i).prefix().equals(mounts.get(j).prefix())) {
                    throw config("two mounts share the path " + mounts.get(i).prefix());
                }
            }
        }
        return new MountTable(mounts);
    }

    private static final List<String> FIELDS = List.of("path", "pfn", "template");

    private static boolean templateAccess(String name, String value) throws MdmException {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw config(name + ".template '" + value + "' must be true or false");
    }

    private static Mount mount(String name, String path, String template, boolean templateAccess)
            throws MdmException {
        if (path == null || path.isEmpty() || template == null || template.isEmpty()) {
            throw config("mount '" + name + "' needs both " + name + ".path and " + name + ".pfn");
        }
        if (!path.startsWith("/")) {
            throw config(name + ".path '" + path + "' must be absolute (start with /)");
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        List<String> placeholders = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        if (placeholders.isEmpty()) {
            throw config(name + ".pfn '" + template + "' has no {placeholder} for the path's segments");
        }
        return new Mount(prefix, template, List.copyOf(placeholders), templateAccess);
    }

    /**
     * The PFN a path names.
     *
     * @throws MdmException NOT_FOUND for a path under no mount, INVALID_PATH for a path whose
     *                      segments do not fit its mount's template
     */
    public Pfn resolve(String path) throws MdmException {
        for (Mount mount : mounts) {
            if (path.startsWith(mount.prefix())) {
                return fill(mount, path, path.substring(mount.prefix().length()));
            }
        }
        throw new MdmException(Status.NOT_FOUND, "No such file: " + path + " is under none of this storage"
                + " element's directories " + prefixes() + ".");
    }

    private static Pfn fill(Mount mount, String path, String rest) throws MdmException {
        String[] segments = rest.split("/", -1);
        if (segments.length != mount.placeholders().size()) {
            throw new MdmException(Status.INVALID_PATH, "Path " + path + " must be " + mount.prefix()
                    + String.join("/", mount.placeholders().stream().map(p -> "<" + p + ">").toList()) + ".");
        }
        String pfn = mount.template();
        for (int i = 0; i < segments.length; i++) {
            if (!SEGMENT.matcher(segments[i]).matches() || segments[i].equals(".") || segments[i].equals("..")) {
                throw new MdmException(Status.INVALID_PATH, "Path " + path + ": segment " + (i + 1) + " ("
                        + mount.placeholders().get(i) + ") must be 1-255 characters of A-Z a-z 0-9 . _ -, and not"
                        + " '.' or '..'.");
            }
            pfn = pfn.replace("{" + mount.placeholders().get(i) + "}", segments[i]);
        }
        try {
            return Pfn.parse(pfn);
        } catch (MdmException e) {
            // Pfn's message quotes the PFN, which is the site's business, not the client's.
            throw PathFailures.forClient(path, e);
        }
    }

    /** Whether {@code path} lies under a mount whose template serves paths directly. */
    public boolean templateAccess(String path) {
        for (Mount mount : mounts) {
            if (path.startsWith(mount.prefix())) {
                return mount.templateAccess();
            }
        }
        return false;
    }

    /**
     * Whether {@code path} names a directory that template access serves: a parent of a template
     * mount, its mount point, or a level inside it above its files (e.g. a study). Such paths have
     * no PFN. Mounts without template access have no directories here: the catalogue has them.
     */
    public boolean isDirectory(String path) {
        String dir = path.endsWith("/") ? path : path + "/";
        for (Mount mount : mounts) {
            if (!mount.templateAccess()) {
                continue;
            }
            if (mount.prefix().startsWith(dir)) {
                return true;
            }
            if (dir.startsWith(mount.prefix())) {
                String rest = dir.substring(mount.prefix().length());
                int levels = rest.isEmpty() ? 0 : rest.split("/").length;
                return levels < mount.placeholders().size() && !rest.startsWith("/") && !rest.contains("//");
            }
        }
        return false;
    }

    /** The mount prefixes, longest first. */
    public List<String> prefixes() {
        return mounts.stream().map(Mount::prefix).toList();
    }

    private static MdmException config(String what) {
        return new MdmException(Status.CONFIGURATION_ERROR, "Storage element mounts (se.mount.*): " + what + ".");
    }
}
