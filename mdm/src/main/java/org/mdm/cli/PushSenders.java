package org.mdm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.AclEntry;
import org.mdm.register.Registrant;

/**
 * The AE titles that may push images to {@code mdm serve}, each with who owns what it pushes:
 * {@code push.ae.<AET>.owner} (a DN, required), {@code push.ae.<AET>.group} (default {@code
 * register.group}) and {@code push.ae.<AET>.read} (comma-separated {@code dn:<DN>},
 * {@code group:/vo/group} or {@code vo:<name>}: readers besides the owner and the SE).
 */
final class PushSenders {
    static final String PREFIX = "push.ae.";
    private static final List<String> FIELDS = List.of("owner", "group", "read");

    private PushSenders() {
    }

    /** The registrant of each configured calling AE title. */
    static Map<String, Registrant> of(MdmConfig config) throws MdmException {
        Map<String, Map<String, String>> byAet = new TreeMap<>();
        for (Map.Entry<String, String> e : config.section(PREFIX).entrySet()) {
            int dot = e.getKey().lastIndexOf('.');
            String field = dot < 0 ? "" : e.getKey().substring(dot + 1);
            String aet = dot < 0 ? "" : e.getKey().substring(0, dot);
            if (!FIELDS.contains(field) || aet.isEmpty() || aet.length() > 16 || aet.contains("\\")) {
                throw new MdmException(Status.CONFIGURATION_ERROR, "Unknown configuration key " + PREFIX + e.getKey()
                        + ": expected push.ae.<AET>.owner, .group or .read, with <AET> the sender's AE title (1 to 16"
                        + " characters).");
            }
            byAet.computeIfAbsent(aet, a -> new TreeMap<>()).put(field, e.getValue().trim());
        }
        Map<String, Registrant> senders = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> e : byAet.entrySet()) {
            senders.put(e.getKey(), registrant(e.getKey(), e.getValue(), config.get("register.group")));
        }
        return senders;
    }

    private static Registrant registrant(String aet, Map<String, String> fields, String defaultGroup)
            throws MdmException {
        String owner = fields.get("owner");
        if (owner == null || !owner.startsWith("/")) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "push.ae." + aet + ".owner must name the DN that owns"
                    + " the images AE " + aet + " pushes (e.g. /C=FR/O=Hospital/CN=Radiology)"
                    + (owner == null ? "; it is not set." : ", not '" + owner + "'."));
        }
        List<AclEntry> readers = new ArrayList<>();
        for (String spec : fields.getOrDefault("read", "").split(",")) {
            if (!spec.isBlank()) {
                readers.add(reader(aet, spec.trim()));
            }
        }
        return new Registrant(owner, fields.getOrDefault("group", defaultGroup), readers);
    }

    private static AclEntry reader(String aet, String spec) throws MdmException {
        int colon = spec.indexOf(':');
        String type = colon < 0 ? "" : spec.substring(0, colon);
        String name = colon < 0 ? "" : spec.substring(colon + 1);
        boolean ok = !name.isEmpty() && switch (type) {
            case "dn", "group" -> name.startsWith("/");
            case "vo" -> !name.contains("/");
            default -> false;
        };
        if (!ok) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Bad entry '" + spec + "' in push.ae." + aet + ".read:"
                    + " expected dn:/C=../CN=.., group:/vo/group or vo:name, comma-separated.");
        }
        return new AclEntry(type.equals("dn") ? AclEntry.Tag.USER : AclEntry.Tag.GROUP, name, AclEntry.READ, false);
    }
}
