/**
 * The wire types of the Hydra key-share protocol (JSON over HTTPS), shared by the key-server
 * client ({@code org.mdm.hydra.keyserver}) and the server ({@code hydra-server}). The protocol
 * is described in {@code hydra-server/PROTOCOL.md}.
 */
package org.mdm.hydra.protocol;
