package org.mdm.hydra.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A right on one key's share; the owner of the key holds all of them implicitly. */
public enum Right {
    /** Read the share (and the ACL). */
    @JsonProperty("read") READ,
    /** Reserved for replacing the share; no operation uses it yet. */
    @JsonProperty("write") WRITE,
    /** Delete the share (registration rollback uses it). */
    @JsonProperty("remove") REMOVE,
    /** Replace the ACL (and read it). */
    @JsonProperty("setacl") SETACL
}
