package org.mdm.catalog.query;

/** One entry a result row involves: what the service needs to check the caller's rights on it. */
public record EntryRef(String dir, String name, String ownerDn) {
    /** The entry's path as AMGA writes it, {@code /mdm/IMAGE/guid:...}. */
    public String path() {
        return dir + "/" + name;
    }
}
