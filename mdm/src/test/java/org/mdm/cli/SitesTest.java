package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.md.client.Endpoint;
import org.mdm.md.client.SiteFailure;
import org.mdm.md.client.SiteSink;
import org.mdm.md.client.Sites;
import org.mdm.md.client.Timeouts;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;

/**
 * md-client's Sites against three real metadata services holding different images (lyon 2,
 * nice 3, paris 1), plus a large one behind a relay that can stall and be killed, and a peer
 * that accepts and never speaks.
 */
class SitesTest {
    private static final String FIND_ALL = "find /mdm/IMAGE 'nx > 0'";
    private static final int BIG = 5000;

    @TempDir
    static Path dir;
    private static final Map<String, MetadataSite> SERVERS = new TreeMap<>();
    private static GridTrust trust;
    private Sites sites;

    @BeforeAll
    static void startServers() throws Exception {
        SERVERS.put("lyon", new MetadataSite("lyon", dir, 2, 100_000));
        SERVERS.put("nice", new MetadataSite("nice", dir, 3, 100_000));
        SERVERS.put("paris", new MetadataSite("paris", dir, 1, 100_000));
        SERVERS.put("big", new MetadataSite("big", dir, BIG, 100_000));
        trust = GridTrust.fromDirectory(MetadataSite.PKI.certDir());
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (MetadataSite s : SERVERS.values()) {
            s.close();
        }
        trust.close();
    }

    @BeforeEach
    void threeSites() throws Exception {
        sites = sites(Duration.ofSeconds(20));
        // Added out of order: answers come back in name order all the same.
        for (String name : List.of("paris", "lyon", "nice")) {
            sites.add(name, SERVERS.get(name).endpoint());
        }
    }

    @AfterEach
    void closeSites() {
        sites.close();
    }

    private static Sites sites(Duration answer) throws MdmException {
        return new Sites(Credentials.loadProxy(MetadataSite.PKI.proxy()), trust, new Timeouts(Duration.ofSeconds(5), answer));
    }

    /** Collects "site: row" lines and failures in the order delivered. */
    private static class Collected implements SiteSink {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final List<String> failed = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void row(String site, String value) {
            lines.add(site + ": " + value);
        }

        @Override
        public void failed(String site, MdmException why) {
            failed.add(site);
        }
    }

    private static List<String> rows(String site, int n) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(site + ": " + MetadataSite.entry(site, i));
        }
        return rows;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void allSitesAnswerMergedBySiteNameEachInItsOrder() throws Exception {
        Collected c = new Collected();
        assertEquals(List.of(), sites.run(FIND_ALL, Set.of(), c));
        assertEquals(concat(concat(rows("lyon", 2), rows("nice", 3)), rows("paris", 1)), c.lines);
        assertEquals(List.of("lyon", "nice", "paris"), List.copyOf(sites.list().keySet()));
    }

    @Test
    void chosenSitesOnly() throws Exception {
        Collected c = new Collected();
        assertEquals(List.of(), sites.run(FIND_ALL, Set.of("paris", "nice"), c));
        assertEquals(concat(rows("nice", 3), rows("paris", 1)), c.lines);
        MdmException e = assertThrows(MdmException.class, () -> sites.run(FIND_ALL, Set.of("nice", "rome"), c));
        assertEquals(Status.INVALID_REQUEST, e.status());
        assertTrue(e.getMessage().contains("no such site: rome") && e.getMessage().contains("lyon, nice, paris"),
                e.getMessage());
    }

    @Test
    void eachSiteKeepsItsSession() throws Exception {
        sites.run("cd /mdm/IMAGE", Set.of(), new Collected());
        Collected c = new Collected();
        sites.run("pwd", Set.of(), c);
        assertEquals(List.of("lyon: /mdm/IMAGE", "nice: /mdm/IMAGE", "paris: /mdm/IMAGE"), c.lines);
    }

    @Test
    void aSiteKilledMidAnswerFailsAndTheOthersAnswer() throws Exception {
        try (StallingRelay relay = new StallingRelay(SERVERS.get("big").port())) {
            sites.add("a-big", relay.endpoint()); // first in the merged order: its rows stream as they come
            sites.run("pwd", Set.of(), new Collected()); // sessions (and TLS) up before the stall is set
            relay.stallAfter(32 * 1024); // then the server's answer stops after 32 KiB of ~100
            Collected c = new Collected() {
                @Override
                public void row(String site, String value) {
                    super.row(site, value);
                    if (site.equals("a-big") && lines.size() == 1) {
                        relay.close(); // killed while its answer is on the way
                    }
                }
            };
            List<SiteFailure> failures = sites.run(FIND_ALL, Set.of(), c);
            assertEquals(1, failures.size());
            assertEquals("a-big", failures.get(0).site());
            assertEquals(Status.PEER_UNAVAILABLE, failures.get(0).error().status());
            assertTrue(failures.get(0).error().getMessage().startsWith("site a-big: the connection to the metadata"
                    + " service " + relay.endpoint() + " broke during 'find'"), failures.get(0).error().getMessage());
            long bigRows = c.lines.stream().filter(l -> l.startsWith("a-big: ")).count();
            assertTrue(bigRows > 0 && bigRows < BIG, bigRows + " rows of a-big");
            assertEquals(concat(concat(rows("lyon", 2), rows("nice", 3)), rows("paris", 1)),
                    c.lines.subList((int) bigRows, c.lines.size()));
            assertEquals(List.of("a-big"), c.failed);
        }
    }

    @Test
    void aSiteThatNeverSpeaksIsATimeoutOfThatSiteOnly() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
                Sites quick = sites(Duration.ofMillis(800))) {
            quick.add("lyon", SERVERS.get("lyon").endpoint());
            quick.add("mute", new Endpoint("localhost", silent.getLocalPort()));
            quick.add("nice", SERVERS.get("nice").endpoint());
            Collected c = new Collected();
            List<SiteFailure> failures = quick.run(FIND_ALL, Set.of(), c);
            assertEquals(concat(rows("lyon", 2), rows("nice", 3)), c.lines);
            assertEquals(1, failures.size());
            MdmException why = failures.get(0).error();
            assertEquals(Status.TIMEOUT, why.status());
            assertTrue(why.getMessage().startsWith("site mute: localhost:" + silent.getLocalPort() + " did not complete")
                    && why.getMessage().contains("(it sent nothing)"), why.getMessage());
        }
    }

    @Test
    void sitesAreAddedAndRemovedWhileTheOthersKeepTheirSessions() throws Exception {
        sites.remove("paris");
        sites.run("cd /mdm", Set.of(), new Collected());
        sites.add("paris", SERVERS.get("paris").endpoint());
        Collected c = new Collected();
        sites.run("pwd", Set.of(), c);
        assertEquals(List.of("lyon: /mdm", "nice: /mdm", "paris: /"), c.lines, "paris is new, the others kept theirs");
        assertTrue(sites.remove("lyon"));
        assertTrue(!sites.remove("lyon"));
        c = new Collected();
        sites.run(FIND_ALL, Set.of(), c);
        assertEquals(concat(rows("nice", 3), rows("paris", 1)), c.lines);
        assertThrows(MdmException.class, () -> sites.run("pwd", Set.of("lyon"), new Collected()));
    }

    @Test
    void aSiteRemovedWhileItsAnswerIsStalledFailsAndTheOthersAnswer() throws Exception {
        try (StallingRelay relay = new StallingRelay(SERVERS.get("big").port())) {
            sites.add("a-big", relay.endpoint());
            sites.run("pwd", Set.of(), new Collected());
            relay.stallAfter(0);
            Collected c = new Collected();
            CompletableFuture<List<SiteFailure>> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return sites.run(FIND_ALL, Set.of(), c);
                } catch (MdmException e) {
                    throw new IllegalStateException(e);
                }
            });
            relay.awaitClientBytes(); // the command is on its way to a-big, whose answer cannot come
            sites.remove("a-big");
            List<SiteFailure> failures = run.get();
            assertEquals(List.of("a-big"), failures.stream().map(SiteFailure::site).toList());
            assertEquals(concat(concat(rows("lyon", 2), rows("nice", 3)), rows("paris", 1)), c.lines);
            // Removal ended it (the answer timeout, 20 s, would say TIMEOUT).
            assertEquals(Status.CANCELLED, failures.get(0).error().status(), failures.get(0).error().getMessage());
            assertTrue(failures.get(0).error().getMessage().startsWith("site a-big: "), failures.get(0).error().getMessage());
        }
    }

    @Test
    void aSessionEndedBehindTheClientsBackIsReopenedOnce() throws Exception {
        try (StallingRelay relay = new StallingRelay(SERVERS.get("paris").port())) {
            sites.add("paris", relay.endpoint());
            sites.run("cd /mdm", Set.of("paris"), new Collected());
            relay.dropConnections(); // as the server's idle timeout does: the client is not told
            Collected c = new Collected();
            assertEquals(List.of(), sites.run("pwd", Set.of("paris"), c));
            assertEquals(List.of("paris: /"), c.lines, "a new session");
        }
    }

    @Test
    void aSiteDownThenBackIsReconnected() throws Exception {
        try (StallingRelay relay = new StallingRelay(SERVERS.get("paris").port())) {
            sites.add("paris", relay.endpoint());
            relay.refuse(true);
            Collected c = new Collected();
            List<SiteFailure> failures = sites.run(FIND_ALL, Set.of(), c);
            assertEquals(List.of("paris"), failures.stream().map(SiteFailure::site).toList());
            assertTrue(failures.get(0).error().getMessage().contains(relay.endpoint().toString()),
                    failures.get(0).error().getMessage());
            assertEquals(concat(rows("lyon", 2), rows("nice", 3)), c.lines);
            relay.refuse(false);
            c = new Collected();
            assertEquals(List.of(), sites.run(FIND_ALL, Set.of(), c));
            assertEquals(concat(concat(rows("lyon", 2), rows("nice", 3)), rows("paris", 1)), c.lines);
        }
    }
}
