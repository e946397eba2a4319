package org.mdm.hydra.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an ACL entry's name denotes. */
public enum PrincipalType {
    /** An end-entity DN in OpenSSL slash form, matched exactly. */
    @JsonProperty("dn") DN,
    /**
     * A VOMS group path ({@code /biomed/lab}), matched against the group part of the caller's
     * FQANs whatever their role; or a group with a role ({@code /biomed/lab/Role=doctor}),
     * matched against the FQANs with that group and that role. Capability is ignored.
     */
    @JsonProperty("group") GROUP,
    /** A VO name ({@code biomed}), matched against the first path element of any FQAN. */
    @JsonProperty("vo") VO
}
