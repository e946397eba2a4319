/**
 * The seal a storage element lends its backends (the plugin API's {@code Seal}): image keys
 * rebuilt from the Hydra key servers with the host credential, cached briefly in locked memory.
 */
package org.mdm.hydra.seal;
