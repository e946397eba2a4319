/**
 * A GridFTP client for downloads, on grid-security's GSI classes (no JGlobus): what
 * {@code mdm cp} uses to copy a file from a storage element to the local disk.
 *
 * <p>{@link org.mdm.gridftp.client.GridFtpClient} holds a credential (a proxy) and a trust (the
 * CA directory) and opens {@link org.mdm.gridftp.client.GridFtpSession}s. A session logs in the
 * Globus way ({@code AUTH GSSAPI}, ADAT tokens, the server's certificate checked against the
 * URL's host name, the delegation flag, {@code USER :globus-mapping:}), sends every command
 * under {@code ENC} and opens {@code 632}/{@code 631} replies. It offers MLST, SIZE, MDTM,
 * {@code CKSM ADLER32} and RETR:
 * <ul>
 * <li>stream mode (MODE S): PASV, we open the one data connection;</li>
 * <li>extended block mode (MODE E) over N connections: PORT, the server connects N times and
 * sends blocks we write at their offsets; Globus servers send MODE E only as the connecting
 * side, which is why globus-url-copy -p N sends PORT too (so MODE E needs the server to reach
 * this host: no NAT or firewall in between);</li>
 * <li>DCAU N or DCAU A (each data connection a TLS handshake whose peer must be the same user;
 * the limited proxy delegated at login is what the server uses there), PROT C or PROT P.</li>
 * </ul>
 * Success needs a 226 and every byte MLST/SIZE announced (and every EOD the EOF announced);
 * anything less is an error. Downloads to a {@link java.nio.file.Path} are atomic (temporary
 * file, then rename); to a channel the caller owns atomicity. Progress is reported through
 * {@link org.mdm.gridftp.client.TransferListener}; {@code abort()} or an interrupt sends ABOR and
 * closes the session. Every wait has a deadline ({@link org.mdm.gridftp.client.ClientSettings}).
 *
 * <p>Not done: uploads (STOR), listings (LIST, MLSD), third-party copies, restarts (REST,
 * ERET), striping (SPAS/SPOR), performance markers, MIC (integrity-only) commands, IPv6 PASV
 * (EPSV); data channel TLS is pinned to 1.2 (see DataAuthenticator).
 */
package org.mdm.gridftp.client;
