/**
 * The seal SPI: per-image keys held by the site (on Hydra key servers) that encrypt every
 * staged file before it is spooled, so the spool holds only sealed files.
 */
package org.mdm.api.seal;
