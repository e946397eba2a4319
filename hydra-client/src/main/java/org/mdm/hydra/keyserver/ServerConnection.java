package org.mdm.hydra.keyserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.keyserver.ServerFailure.Kind;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.BatchLimits;
import org.mdm.hydra.protocol.BatchResponse;
import org.mdm.hydra.protocol.ErrorBody;
import org.mdm.hydra.protocol.Json;
import org.mdm.hydra.protocol.ShareRequest;
import org.mdm.hydra.protocol.ShareResponse;

/**
 * The calls to one key server. Every call completes with its value or fails with a
 * {@link ServerCallException} whose {@link ServerFailure} says why: any transport error, TLS
 * refusal, timeout or unreadable answer is {@link Kind#DOWN}.
 */
final class ServerConnection {
    /** Largest answer read: an ACL listing is the big one. */
    private static final int MAX_ANSWER_BYTES = 256 * 1024;

    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;
    /**
     * Bound on one batch request: the whole-operation bound. A batch does a few hundred keys'
     * work, which a cold or busy server can take seconds over (measured: ~5 s for the first
     * 200-key batch put in a cold JVM on a loaded 2-core machine), and a slow server is already
     * worked around by hedging (reads) or must be waited for anyway (writes need all n).
     */
    private final Duration batchTimeout;
    private final Executor executor;

    ServerConnection(URI base, HttpClient http, Duration requestTimeout, Duration batchTimeout, Executor executor) {
        this.base = base;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.batchTimeout = batchTimeout;
        this.executor = executor;
    }

    URI uri() {
        return base;
    }

    /**
     * When this server last failed as {@link Kind#DOWN} (System.nanoTime), or 0: a client asks
     * the others first for a while rather than wait for it again.
     */
    private volatile long lastDown;

    CompletableFuture<Void> put(String keyId, ShareRequest share) {
        return call("PUT", keyPath(keyId), Json.write(share), 201, body -> null);
    }

    /** {@code POST /v1/batch/{operation}} ({@code get}, {@code put}, {@code delete}, {@code acl}) with {@code request}. */
    CompletableFuture<BatchResponse> batch(String operation, Object request) {
        return call("POST", "/v1/batch/" + operation, Json.write(request), 200, batchTimeout,
                BatchLimits.MAX_ANSWER_BYTES, body -> Json.read(body, BatchResponse.class, Status.CORRUPT_DATA));
    }

    /** Whether this server was down less than {@code memory} ago. */
    boolean downWithin(Duration memory) {
        long at = lastDown;
        return at != 0 && System.nanoTime() - at < memory.toNanos();
    }

    /** Notes a failure: a DOWN one makes the server go last for a while. */
    void noteFailure(ServerFailure failure) {
        if (failure.kind() == Kind.DOWN) {
            long now = System.nanoTime();
            lastDown = now == 0 ? 1 : now;
        }
    }

    CompletableFuture<ShareResponse> get(String keyId) {
        return call("GET", keyPath(keyId), null, 200, body -> Json.read(body, ShareResponse.class, Status.CORRUPT_DATA));
    }

    CompletableFuture<Void> delete(String keyId) {
        return call("DELETE", keyPath(keyId), null, 204, body -> null);
    }

    CompletableFuture<AclDocument> getAcl(String keyId) {
        return call("GET", keyPath(keyId) + "/acl", null, 200,
                body -> Json.read(body, AclDocument.class, Status.CORRUPT_DATA));
    }

    CompletableFuture<Void> putAcl(String keyId, AclDocument acl) {
        return call("PUT", keyPath(keyId) + "/acl", Json.write(acl), 204, body -> null);
    }

    private static String keyPath(String keyId) {
        // Key ids are checked against [A-Za-z0-9._-] before any call: no escaping needed.
        return "/v1/keys/" + keyId;
    }

    /** How to read a successful answer; may refuse it as garbage. */
    interface Parser<T> {
        T parse(byte[] body) throws MdmException;
    }

    private <T> CompletableFuture<T> call(String method, String path, byte[] body, int expected, Parser<T> parser) {
        return call(method, path, body, expected, requestTimeout, MAX_ANSWER_BYTES, parser);
    }

    private <T> CompletableFuture<T> call(String method, String path, byte[] body, int expected, Duration timeout,
            int maxAnswer, Parser<T> parser) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        CompletableFuture<HttpResponse<InputStream>> sent = http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        return sent.handleAsync((response, error) -> {
            if (body != null) {
                // The request body may hold a share: do not leave it around once sent.
                Arrays.fill(body, (byte) 0);
            }
            if (error != null) {
                throw noted(transportFailure(error, timeout));
            }
            try {
                return answer(response, expected, maxAnswer, parser);
            } catch (ServerCallException e) {
                noteFailure(e.failure());
                throw e;
            }
        }, executor);
    }

    private ServerCallException noted(ServerFailure failure) {
        noteFailure(failure);
        return new ServerCallException(failure);
    }

    private <T> T answer(HttpResponse<InputStream> response, int expected, int maxAnswer, Parser<T> parser) {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(maxAnswer + 1);
        } catch (IOException e) {
            throw new ServerCallException(transportFailure(e, requestTimeout));
        }
        try {
            if (bytes.length > maxAnswer) {
                throw fail(Kind.DOWN, "answer larger than " + maxAnswer + " bytes (not a key server?)");
            }
            int code = response.statusCode();
            if (code == expected) {
                try {
                    return parser.parse(bytes);
                } catch (MdmException e) {
                    throw fail(Kind.DOWN, "garbage answer: " + e.getMessage());
                }
            }
            throw fail(kindOf(code), "HTTP " + code + ": " + errorMessage(bytes));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    static Kind kindOf(int code) {
        return switch (code) {
            case 403 -> Kind.DENIED;
            case 404 -> Kind.NOT_FOUND;
            case 409 -> Kind.CONFLICT;
            case 400, 405 -> Kind.REFUSED;
            default -> Kind.DOWN;
        };
    }

    private static String errorMessage(byte[] body) {
        try {
            ErrorBody e = Json.read(body, ErrorBody.class, Status.CORRUPT_DATA);
            return e.status() + " " + e.message();
        } catch (MdmException e) {
            return "(no valid error body)";
        }
    }

    private ServerCallException fail(Kind kind, String reason) {
        return new ServerCallException(new ServerFailure(base, kind, reason));
    }

    private ServerFailure transportFailure(Throwable error, Duration timeout) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String reason;
        if (t instanceof HttpConnectTimeoutException) {
            reason = "connect timed out";
        } else if (t instanceof HttpTimeoutException) {
            reason = "no answer within " + timeout.toMillis() + " ms";
        } else if (find(t, SSLException.class) != null) {
            reason = "TLS handshake failed: " + find(t, SSLException.class).getMessage();
        } else if (find(t, ConnectException.class) != null) {
            reason = "connection refused";
        } else {
            reason = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        // The request is written only once the connection and its handshake are up.
        boolean unsent = t instanceof HttpConnectTimeoutException || find(t, SSLHandshakeException.class) != null
                || find(t, ConnectException.class) != null;
        return new ServerFailure(base, Kind.DOWN, reason, unsent);
    }

    private static <E extends Throwable> E find(Throwable t, Class<E> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
