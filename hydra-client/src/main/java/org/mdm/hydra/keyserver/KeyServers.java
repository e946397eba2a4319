package org.mdm.hydra.keyserver;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.KeyShare;
import org.mdm.hydra.Shamir;
import org.mdm.hydra.keyserver.ServerFailure.Kind;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.KeyIds;
import org.mdm.hydra.protocol.ShareRequest;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;

/**
 * The client of n Hydra key servers for one caller: registers an image key as k-of-n Shamir
 * shares (server i gets x = i + 1; all or nothing), fetches it back from any k servers, and
 * sets and reads the per-key ACLs. Every operation talks to all servers in parallel and is
 * bounded by the configured total timeout; failures name each server and its reason.
 *
 * <p>TLS: grid-security's {@link TlsContexts#client} context (the caller's proxy as the client
 * certificate, servers checked by GridTrust) with endpoint identification requested, so its
 * {@link org.mdm.security.HostnameCheckingTrust} checks the server host name too: GridTrust does
 * not check names, and setting the endpoint identification algorithm does not make JSSE do it
 * for an X509ExtendedTrustManager.
 */
public final class KeyServers implements AutoCloseable, org.mdm.hydra.seal.KeySource {
    private final KeyServersConfig config;
    private final ExecutorService executor;
    private final List<ServerConnection> servers;

    /** A client for {@code config.servers()} acting as {@code credential}. */
    public KeyServers(KeyServersConfig config, GridCredential credential, GridTrust trust) throws MdmException {
        this.config = config;
        SSLContext tls = TlsContexts.client(credential, trust);
        SSLParameters params = tls.getDefaultSSLParameters();
        // Makes TlsContexts.client's HostnameCheckingTrust check the server host name.
        params.setEndpointIdentificationAlgorithm("HTTPS");
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hydra-keyservers");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().sslContext(tls).sslParameters(params)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
        this.servers = config.servers().stream()
                .map(u -> new ServerConnection(u, http, config.requestTimeout(), executor)).toList();
    }

    /**
     * Splits {@code key} into k-of-n shares and stores share i on server i with {@code acl}
     * (the caller becomes owner). If any server fails, the shares already written are deleted.
     *
     * @throws MdmException INVALID_REQUEST if the key id is registered already on some server,
     *     AUTHORIZATION_FAILURE if a server denied, PEER_UNAVAILABLE otherwise; naming the servers
     */
    public void register(ImageKey key, List<AclEntry> acl) throws MdmException {
        String keyId = KeyIds.check(key.keyId());
        for (AclEntry e : acl) {
            e.validate();
        }
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        byte[] material = key.material();
        try {
            List<KeyShare> shares = Shamir.split(material, config.k(), servers.size());
            for (int i = 0; i < servers.size(); i++) {
                KeyShare share = shares.get(i);
                byte[] value = share.value();
                calls.add(servers.get(i).put(keyId,
                        new ShareRequest(share.x(), Base64.getEncoder().encodeToString(value), acl)));
                Arrays.fill(value, (byte) 0);
                share.destroy();
            }
        } finally {
            Arrays.fill(material, (byte) 0);
        }
        List<Outcome<Void>> outcomes = Outcome.awaitAll(servers, calls, config.totalTimeout());
        List<ServerFailure> failures = failures(outcomes);
        if (!failures.isEmpty()) {
            String rollback = rollback(keyId, outcomes);
            throw new MdmException(statusOf(failures), "registration of key " + keyId + " failed on "
                    + describe(failures) + "; " + rollback);
        }
    }

    /** Deletes the shares that were written; says what happened. */
    private String rollback(String keyId, List<Outcome<Void>> outcomes) {
        List<ServerConnection> written = outcomes.stream().filter(Outcome::ok).map(Outcome::server).toList();
        if (written.isEmpty()) {
            return "no share was written";
        }
        List<CompletableFuture<Void>> deletes = written.stream().map(s -> s.delete(keyId)).toList();
        List<ServerFailure> failed = failures(Outcome.awaitAll(written, deletes, config.totalTimeout()));
        String deleted = written.stream().map(s -> s.uri().toString()).collect(Collectors.joining(", "));
        return failed.isEmpty() ? "rolled back: shares deleted from " + deleted
                : "rollback incomplete, delete key " + keyId + " by hand on " + describe(failed);
    }

    /**
     * Fetches shares from all servers in parallel and rebuilds the key from the first k valid
     * ones; servers that are down, slow, or answer garbage are skipped.
     *
     * @throws MdmException AUTHORIZATION_FAILURE if too many servers denied, NOT_FOUND if too
     *     many do not know the key, PEER_UNAVAILABLE otherwise; naming every failed server
     */
    @Override
    public ImageKey fetch(String keyId) throws MdmException {
        KeyIds.check(keyId);
        ShareCollector collector = new ShareCollector(servers, config.k());
        collector.collect(keyId, config.totalTimeout());
        List<KeyShare> shares = collector.shares();
        try {
            if (shares.size() < config.k()) {
                List<ServerFailure> failures = collector.failures();
                throw new MdmException(fetchStatus(failures), "cannot fetch key " + keyId + ": " + shares.size()
                        + " of " + servers.size() + " servers gave a share, " + config.k() + " needed; failed: "
                        + describe(failures));
            }
            byte[] secret = Shamir.combine(shares.subList(0, config.k()));
            try {
                return ImageKey.of(keyId, secret);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        } finally {
            shares.forEach(KeyShare::destroy);
        }
    }

    private Status fetchStatus(List<ServerFailure> failures) {
        long denied = failures.stream().filter(f -> f.kind() == Kind.DENIED).count();
        long missing = failures.stream().filter(f -> f.kind() == Kind.NOT_FOUND).count();
        if (servers.size() - denied < config.k()) {
            return Status.AUTHORIZATION_FAILURE;
        }
        return servers.size() - denied - missing < config.k() && missing > 0 ? Status.NOT_FOUND
                : Status.PEER_UNAVAILABLE;
    }

    /**
     * Replaces the ACL of {@code keyId} on every server.
     *
     * @throws MdmException naming the servers where it was not set (it stays set on the others)
     */
    public void setAcl(String keyId, List<AclEntry> acl) throws MdmException {
        KeyIds.check(keyId);
        for (AclEntry e : acl) {
            e.validate();
        }
        AclDocument doc = new AclDocument(null, acl);
        List<Outcome<Void>> outcomes = Outcome.awaitAll(servers,
                servers.stream().map(s -> s.putAcl(keyId, doc)).toList(), config.totalTimeout());
        List<ServerFailure> failures = failures(outcomes);
        if (!failures.isEmpty()) {
            String set = outcomes.stream().filter(Outcome::ok).map(o -> o.server().uri().toString())
                    .collect(Collectors.joining(", "));
            throw new MdmException(statusOf(failures), "ACL of key " + keyId + " not set on " + describe(failures)
                    + "; set on: " + (set.isEmpty() ? "none" : set) + ". Retry when the servers are back");
        }
    }

    /**
     * The owner and ACL of {@code keyId} as each answering server holds it.
     *
     * @throws MdmException if fewer than k servers answered, naming the others
     */
    public Map<java.net.URI, AclDocument> getAcl(String keyId) throws MdmException {
        KeyIds.check(keyId);
        List<Outcome<AclDocument>> outcomes = Outcome.awaitAll(servers,
                servers.stream().map(s -> s.getAcl(keyId)).toList(), config.totalTimeout());
        Map<java.net.URI, AclDocument> answers = new LinkedHashMap<>();
        outcomes.stream().filter(Outcome::ok).forEach(o -> answers.put(o.server().uri(), o.value()));
        if (answers.size() < config.k()) {
            List<ServerFailure> failures = failures(outcomes);
            throw new MdmException(statusOf(failures), "cannot read the ACL of key " + keyId + " from "
                    + config.k() + " servers; failed: " + describe(failures));
        }
        return answers;
    }

    /**
     * Deletes the key's share from every server (registration's undo, {@code mdm unregister}); a
     * server that does not know the key counts as done, so a retried delete succeeds.
     *
     * @throws MdmException naming the servers where the share may remain (retry when they are back)
     */
    public void delete(String keyId) throws MdmException {
        KeyIds.check(keyId);
        List<Outcome<Void>> outcomes = Outcome.awaitAll(servers,
                servers.stream().map(s -> s.delete(keyId)).toList(), config.totalTimeout());
        List<ServerFailure> failures = failures(outcomes).stream().filter(f -> f.kind() != Kind.NOT_FOUND).toList();
        if (!failures.isEmpty()) {
            throw new MdmException(statusOf(failures), "key " + keyId + " was not deleted from "
                    + describe(failures) + "; its share stays there: retry when the servers are back.");
        }
    }

    private static <T> List<ServerFailure> failures(List<Outcome<T>> outcomes) {
        return outcomes.stream().filter(o -> !o.ok()).map(Outcome::failure).toList();
    }

    private static Status statusOf(List<ServerFailure> failures) {
        Function<Kind, Boolean> any = k -> failures.stream().anyMatch(f -> f.kind() == k);
        if (any.apply(Kind.CONFLICT) || any.apply(Kind.REFUSED)) {
            return Status.INVALID_REQUEST;
        }
        if (any.apply(Kind.DENIED)) {
            return Status.AUTHORIZATION_FAILURE;
        }
        if (failures.stream().allMatch(f -> f.kind() == Kind.NOT_FOUND)) {
            return Status.NOT_FOUND;
        }
        return Status.PEER_UNAVAILABLE;
    }

    private static String describe(List<ServerFailure> failures) {
        return failures.stream().map(ServerFailure::toString).collect(Collectors.joining(", "));
    }

    /** Stops the client's threads. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
