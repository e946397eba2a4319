package org.mdm.md.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;

/**
 * Named metadata sites, asked in parallel. Each site keeps one session open between commands
 * (opened again when broken); {@link #run} sends a command to every chosen site at once and
 * delivers the answers merged in a stable order: sites by name, each site's rows in its order.
 * A site that is down, refuses, or is slower than the timeouts is that site's failure; the
 * others answer all the same. Sites may be added and removed while commands run.
 */
public final class Sites implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Slack for the safety net on top of the sites' own timeouts. */
    private static final long SLACK_NANOS = 2_000_000_000L;

    private final SSLContext tls;
    private final Timeouts timeouts;
    private final ConcurrentSkipListMap<String, Site> sites = new ConcurrentSkipListMap<>();
    private final ExecutorService readers;

    /** Sites reached as the holder of {@code proxy}, their certificates checked by {@code trust}. */
    public Sites(GridCredential proxy, GridTrust trust, Timeouts timeouts) throws MdmException {
        this.tls = TlsContexts.client(proxy, trust);
        this.timeouts = timeouts;
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "md-site-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Adds (or moves) site {@code name} at {@code endpoint}; a site moved loses its session.
     *
     * @throws MdmException if the name is not letters, digits, {@code _ . -} (at most 64)
     */
    public void add(String name, Endpoint endpoint) throws MdmException {
        if (!NAME.matcher(name).matches()) {
            throw new MdmException(Status.INVALID_REQUEST, "'" + ServerErrors.printable(name) + "' is not a site name:"
                    + " use letters, digits, '_', '.' and '-' (at most 64), starting with a letter or digit");
        }
        Site old = sites.put(name, new Site(name, endpoint, tls, timeouts));
        if (old != null) {
            old.remove();
        }
    }

    /**
     * Removes site {@code name}; a command running there fails as removed.
     *
     * @return whether there was such a site
     */
    public boolean remove(String name) {
        Site old = sites.remove(name);
        if (old != null) {
            old.remove();
        }
        return old != null;
    }

    /** The sites by name. */
    public SortedMap<String, Endpoint> list() {
        SortedMap<String, Endpoint> all = new TreeMap<>();
        sites.forEach((name, site) -> all.put(name, site.endpoint()));
        return Collections.unmodifiableSortedMap(all);
    }

    /**
     * Runs {@code command} on the chosen sites in parallel and gives their rows to {@code sink}
     * merged: sites by name, each one's rows in its order, a failed site's failure after its rows.
     *
     * @param chosen site names, or empty (or null) for every site
     * @return the sites that failed, by name (empty when all answered fully)
     * @throws MdmException before anything is sent: a chosen name that is no site, or no sites
     */
    public List<SiteFailure> run(String command, Set<String> chosen, SiteSink sink) throws MdmException {
        Map<String, Site> targets = select(chosen);
        Map<String, SiteAnswer> answers = new LinkedHashMap<>();
        for (Site site : targets.values()) {
            SiteAnswer answer = new SiteAnswer();
            answers.put(site.name(), answer);
            readers.execute(() -> read(site, command, answer));
        }
        long deadline = System.nanoTime() + worstCaseNanos();
        List<SiteFailure> failures = new ArrayList<>();
        for (Map.Entry<String, SiteAnswer> e : answers.entrySet()) {
            MdmException failure = deliver(e.getKey(), e.getValue(), sink, deadline, targets);
            if (failure != null) {
                failures.add(new SiteFailure(e.getKey(), failure));
                sink.failed(e.getKey(), failure);
            }
        }
        return failures;
    }

    private MdmException deliver(String name, SiteAnswer answer, SiteSink sink, long deadline,
            Map<String, Site> targets) throws MdmException {
        try {
            MdmException failure = answer.deliver(name, sink, deadline);
            if (answer.overdue()) {
                targets.get(name).disconnect(); // the safety net fired: stop its reader
            }
            return failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            targets.values().forEach(Site::disconnect);
            throw new MdmException(Status.CANCELLED, "interrupted while the sites were answering");
        }
    }

    private static void read(Site site, String command, SiteAnswer answer) {
        try {
            site.run(command, answer);
            answer.end();
        } catch (MdmException e) {
            answer.fail(e);
        } catch (RuntimeException e) {
            answer.fail(new MdmException(Status.INTERNAL_ERROR, "site " + site.name() + ": " + MdmException.describe(e), e));
        }
    }

    /** The longest a site may take: a stale session's retry reconnects, so two connects and three answers. */
    private long worstCaseNanos() {
        return 2 * timeouts.connect().toNanos() + 3 * timeouts.answer().toNanos() + SLACK_NANOS;
    }

    private Map<String, Site> select(Set<String> chosen) throws MdmException {
        Map<String, Site> targets = new TreeMap<>();
        if (chosen == null || chosen.isEmpty()) {
            targets.putAll(sites);
        } else {
            Set<String> unknown = new TreeSet<>();
            for (String name : chosen) {
                Site s = sites.get(name);
                if (s == null) {
                    unknown.add(name);
                } else {
                    targets.put(name, s);
                }
            }
            if (!unknown.isEmpty()) {
                throw new MdmException(Status.INVALID_REQUEST, "no such site: " + String.join(", ", unknown)
                        + " (sites: " + (sites.isEmpty() ? "none" : String.join(", ", sites.keySet())) + ")");
            }
        }
        if (targets.isEmpty()) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "no metadata sites: add one (md.site.<name>=host:port,"
                    + " or 'site add NAME host:port' in the query shell)");
        }
        return targets;
    }

    /** Ends every session and the reader threads. */
    @Override
    public void close() {
        sites.values().forEach(Site::remove);
        sites.clear();
        readers.shutdownNow();
    }
}
