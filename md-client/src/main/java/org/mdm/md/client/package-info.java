/**
 * Client of MDM's metadata service (AMGA protocol 3 over TLS with the caller's proxy; see
 * md-protocol.md): one session ({@link org.mdm.md.client.MetadataConnection}) or named sites
 * asked in parallel ({@link org.mdm.md.client.Sites}).
 *
 * <p>Rows stream to a callback as they arrive; errors are {@link org.mdm.api.MdmException}s
 * naming the server. Quote values with {@link org.mdm.md.client.Quote}, never by hand:
 *
 * <pre>{@code
 * GridCredential proxy = Credentials.loadProxy(Path.of("/tmp/x509up_u1000"));
 * try (GridTrust trust = GridTrust.fromDirectory(Path.of("/etc/grid-security/certificates"));
 *         MetadataConnection md = MetadataConnection.connect("md.example.org", 8822, proxy, trust,
 *                 Timeouts.DEFAULT)) {
 *     List<String> size = md.execute("getattr /mdm/IMAGE/guid:" + guid + " nx ny");
 *     md.execute("find /mdm/IMAGE " + Quote.word("modality='CT' and nx>256"), name -> System.out.println(name));
 * }
 *
 * try (Sites sites = new Sites(proxy, trust, Timeouts.DEFAULT)) {
 *     sites.add("lyon", Endpoint.parse("md.lyon.example.org:8822"));
 *     sites.add("nice", Endpoint.parse("md.nice.example.org:8822"));
 *     List<SiteFailure> failed = sites.run("find /mdm/IMAGE 'modality=\\'CT\\''", Set.of(),
 *             (site, row) -> System.out.println(site + ": " + row));
 * }
 * }</pre>
 */
package org.mdm.md.client;
