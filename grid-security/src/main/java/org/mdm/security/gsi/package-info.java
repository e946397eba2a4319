/**
 * GSI on the JDK's SSLEngine: security contexts whose TLS records travel as tokens (FTP ADAT,
 * ENC/MIC, data channels). Delegation (the {@code D} flag, PKCS#10 request, signed proxy) is the
 * next step.
 */
package org.mdm.security.gsi;
