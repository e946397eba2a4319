package org.mdm.hydra.keyserver;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.mdm.api.MdmException;
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
 * shares (server i gets x = i + 1; all or nothing), fetches it back from k servers (hedged: a
 * further server only when one is slow or fails), sets and reads the per-key ACLs, and does the
 * same for many keys at once with batch requests ({@link #registerAll}, {@link #fetchAll},
 * {@link #deleteAll}, {@link #setAclAll}). Every operation is bounded by the configured total
 * timeout; failures name each server and its reason.
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
    private final KeyReads reads;
    private final BatchWrites writes;
    private final BatchAcls acls;

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
                .map(u -> new ServerConnection(u, http, config.requestTimeout(), config.totalTimeout(), executor)).toList();
        this.reads = new KeyReads(config, servers, executor);
        this.writes = new BatchWrites(config, servers);
        this.acls = new BatchAcls(config, servers);
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
            throw new MdmException(ServerFailure.statusOf(failures), "registration of key " + keyId + " failed on "
                    + ServerFailure.describe(failures) + "; " + rollback);
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
                : "rollback incomplete, delete key " + keyId + " by hand on " + ServerFailure.describe(failed);
    }

    /**
     * Rebuilds the key from k servers: asks k servers first and one more only when one of those
     * fails or has not answered within the hedge delay ({@link KeyServersConfig#hedgeDelay});
     * servers that are down, slow, or answer garbage are skipped.
     *
     * @throws MdmException AUTHORIZATION_FAILURE if too many servers denied, NOT_FOUND if too
     *     many do not know the key, PEER_UNAVAILABLE otherwise; naming every failed server
     */
    @Override
    public ImageKey fetch(String keyId) throws MdmException {
        return reads.fetch(keyId);
    }

    /**
     * Rebuilds many keys with batch reads ({@code POST /v1/batch/get}, {@link
     * KeyServersConfig#batchSize} keys per request), hedged as {@link #fetch} is. Up to four
     * batches are in flight at once and each group of four is bounded by the whole-operation
     * timeout. Never throws for one key: each key's outcome holds its key (the caller destroys
     * it) or the failure {@link #fetch} would have thrown (INVALID_REQUEST for a malformed id).
     *
     * @return one outcome per distinct id, in the order given
     */
    @Override
    public Map<String, KeyOutcome<ImageKey>> fetchAll(Collection<String> keyIds) {
        return reads.fetchAll(keyIds);
    }

    /**
     * Registers many keys with batch writes ({@code POST /v1/batch/put}, one request per server
     * per {@link KeyServersConfig#batchSize} keys), each with {@code acl} (the caller becomes
     * owner). A key is registered when all n servers stored its share; a key that failed on any
     * server has its written shares deleted again and fails on its own, with the status and
     * message {@link #register} would have thrown (a key id that exists somewhere: INVALID_REQUEST
     * "already registered"). The keys' material is wiped as it is split; the caller still
     * destroys the keys.
     *
     * @return one outcome per key, in the order given
     * @throws MdmException INVALID_REQUEST before anything is sent if the ACL is malformed or a
     *     key id is listed twice
     */
    public Map<String, KeyOutcome<Void>> registerAll(List<ImageKey> keys, List<AclEntry> acl) throws MdmException {
        return writes.registerAll(keys, acl);
    }

    /**
     * Deletes many keys' shares from every server with batch deletes; a server that does not
     * know a key counts as done for it.
     *
     * @return one outcome per distinct id, in the order given; a failure names the servers where
     *     the share remains
     * @throws MdmException INVALID_REQUEST before anything is sent if an id is malformed
     */
    public Map<String, KeyOutcome<Void>> deleteAll(Collection<String> keyIds) throws MdmException {
        return writes.deleteAll(keyIds);
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
            throw new MdmException(ServerFailure.statusOf(failures), "ACL of key " + keyId + " not set on " + ServerFailure.describe(failures)
                    + "; set on: " + (set.isEmpty() ? "none" : set) + ". Retry when the servers are back");
        }
    }

    /**
     * Replaces the ACLs of many keys on every server, all or nothing across servers ({@code POST
     * /v1/batch/acl}, one request per server per {@link KeyServersConfig#batchSize} keys, up to
     * four chunks in flight, each group bounded by the whole-operation timeout). The caller must
     * own each key or hold setacl on it. If any server fails any key (denied, unknown key, down,
     * timeout), no further batch is sent and the previous ACLs the servers reported are put back
     * where the change was (or, its answer lost, may have been) applied.
     *
     * @param aclByKey the new ACL of each key (an empty list removes every grant; the owner keeps
     *                 every right)
     * @return how many keys each server changed
     * @throws MdmException INVALID_REQUEST before anything is sent if a key id or ACL is
     *     malformed; otherwise AUTHORIZATION_FAILURE (a key denied), NOT_FOUND (unknown keys) or
     *     PEER_UNAVAILABLE, naming each failed server with its reason and keys, and whether the
     *     rollback completed (naming the servers where it did not)
     */
    public AclChange setAclAll(Map<String, List<AclEntry>> aclByKey) throws MdmException {
        return acls.setAclAll(aclByKey);
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
            throw new MdmException(ServerFailure.statusOf(failures), "cannot read the ACL of key " + keyId + " from "
                    + config.k() + " servers; failed: " + ServerFailure.describe(failures));
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
            throw new MdmException(ServerFailure.statusOf(failures), "key " + keyId + " was not deleted from "
                    + ServerFailure.describe(failures) + "; its share stays there: retry when the servers are back.");
        }
    }

    private static <T> List<ServerFailure> failures(List<Outcome<T>> outcomes) {
        return outcomes.stream().filter(o -> !o.ok()).map(Outcome::failure).toList();
    }

    /** Stops the client's threads. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
