/**
 * Grid security for MDM's doors: X.509 credentials and RFC 3820 proxies from PEM
 * ({@link org.mdm.security.Credentials}), proxy-aware trust over a CA directory with canl
 * ({@link org.mdm.security.GridTrust}), VOMS attributes with voms-api-java
 * ({@link org.mdm.security.VomsAttributes}), the caller's {@link org.mdm.api.GridPrincipal}
 * ({@link org.mdm.security.PrincipalExtractor}) and TLS contexts
 * ({@link org.mdm.security.TlsContexts}; clients check server host names with
 * {@link org.mdm.security.HostnameCheckingTrust}).
 *
 * <p>Typical server wiring:
 *
 * <pre>{@code
 * GridTrust trust = GridTrust.fromDirectory(Path.of("/etc/grid-security/certificates"));
 * VomsAttributes voms = VomsAttributes.create(Path.of("/etc/grid-security/vomsdir"), trust);
 * SSLContext ctx = TlsContexts.server(Credentials.load(hostcert, hostkey), trust);
 * SSLServerSocket listener = TlsContexts.serverSocket(ctx, address, port);
 * // per connection, after the handshake:
 * GridPrincipal caller = new PrincipalExtractor(voms).principal(socket.getSession());
 * }</pre>
 */
package org.mdm.security;
