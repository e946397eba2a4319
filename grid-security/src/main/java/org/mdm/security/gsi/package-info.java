/**
 * GSI on the JDK's SSLEngine: security contexts whose TLS records travel as tokens (FTP ADAT,
 * ENC/MIC, data channels), and delegation (the {@code D} flag, a PKCS#10 request, the signed
 * proxy on top of the peer chain).
 */
package org.mdm.security.gsi;
