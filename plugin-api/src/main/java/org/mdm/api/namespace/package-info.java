/** The name space as a storage element reads it: stat, list, resolve to a PFN, each checking access. */
package org.mdm.api.namespace;
