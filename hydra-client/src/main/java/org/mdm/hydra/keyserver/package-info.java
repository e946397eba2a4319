/**
 * The Hydra key-server client: registers the k-of-n shares of an image key on n key servers
 * (all or nothing), fetches k of them back in parallel with bounded waits, and manages the
 * per-key ACLs. Start with {@link org.mdm.hydra.keyserver.KeyServers}.
 */
package org.mdm.hydra.keyserver;
