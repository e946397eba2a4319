/**
 * The Hydra key-share server: stores one Shamir share per key id with its owner and ACL, and
 * serves it over HTTPS to callers authenticated by their X.509 proxy (see PROTOCOL.md).
 * Start one with {@link org.mdm.hydra.server.HydraServer#start}.
 */
package org.mdm.hydra.server;
