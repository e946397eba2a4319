/**
 * Jetty pieces shared by grid HTTPS servers: the pre-authentication guard in front of TLS and the
 * TLS and HTTP settings. Only servers use this package; clients never load Jetty.
 */
package org.mdm.security.jetty;
