package org.mdm.hydra.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.BatchAclRequest;
import org.mdm.hydra.protocol.BatchIdsRequest;
import org.mdm.hydra.protocol.BatchPutRequest;
import org.mdm.hydra.protocol.BatchResponse;
import org.mdm.hydra.protocol.ErrorBody;
import org.mdm.hydra.protocol.Json;
import org.mdm.hydra.protocol.ShareRequest;
import org.mdm.security.PrincipalExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps {@code /v1/keys/{id}} and {@code /v1/keys/{id}/acl} onto {@link KeyService}, and
 * {@code POST /v1/batch/get|put|delete|acl} onto {@link KeyBatches}: the caller
 * is the principal of the TLS peer chain (already validated by GridTrust during the handshake),
 * bodies are bounded, and every failure becomes a JSON {@link ErrorBody}. A Jetty core handler
 * that blocks (JDBC), so Jetty runs it on a pool thread.
 */
final class KeysHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(KeysHandler.class);
    // The id group is deliberately loose; KeyIds validates it so that the error says why.
    private static final Pattern PATH = Pattern.compile("/v1/keys/([^/]+)(/acl)?");
    private static final Pattern BATCH = Pattern.compile("/v1/batch/(get|put|delete|acl)");

    private final KeyService service;
    private final KeyBatches batches;
    private final PrincipalExtractor principals;
    private final int maxBodyBytes;
    private final int maxBatchBodyBytes;
    private final RequestCounts counts = new RequestCounts();

    KeysHandler(ShareStore store, PrincipalExtractor principals, int maxBodyBytes, int maxBatchBodyBytes) {
        this.service = new KeyService(store);
        this.batches = new KeyBatches(store);
        this.principals = principals;
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatchBodyBytes = maxBatchBodyBytes;
    }

    /** Requests answered so far, by route. */
    RequestCounts counts() {
        return counts;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response);
        try {
            try {
                dispatch(exchange);
            } catch (MdmException e) {
                sendError(exchange, e);
            } catch (RuntimeException e) {
                // No message: a bug's message could hold anything; the class is enough to look.
                LOG.error("internal error on {} {}: {}", exchange.getRequestMethod(), exchange.rawPath(),
                        e.getClass().getName());
                sendError(exchange, new MdmException(Status.INTERNAL_ERROR, "internal error in the key server"));
            }
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
        return true;
    }

    /** One request and its response, with the few calls the dispatch needs. */
    private record Exchange(Request request, Response response) {
        String getRequestMethod() {
            return request.getMethod();
        }

        String rawPath() {
            return request.getHttpURI().getPath();
        }

        GridPrincipal caller(PrincipalExtractor principals) throws MdmException {
            Object tls = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
            if (!(tls instanceof EndPoint.SslSessionData data)) {
                throw new MdmException(Status.AUTHORIZATION_FAILURE, "no TLS session: use https with a client proxy");
            }
            return principals.principal(data.sslSession());
        }
    }

    private void dispatch(Exchange exchange) throws IOException, MdmException {
        GridPrincipal caller = exchange.caller(principals);
        String method = exchange.getRequestMethod();
        Matcher batch = BATCH.matcher(exchange.rawPath());
        if (batch.matches()) {
            counts.count(known(method) + " /v1/batch/" + batch.group(1));
            batch(exchange, batch.group(1), caller);
            return;
        }
        Matcher m = PATH.matcher(exchange.rawPath());
        if (!m.matches()) {
            throw new MdmException(Status.NOT_FOUND, "no such resource: use /v1/keys/{id}, /v1/keys/{id}/acl"
                    + " or POST /v1/batch/get|put|delete|acl");
        }
        String keyId = m.group(1);
        boolean acl = m.group(2) != null;
        counts.count(known(method) + (acl ? " /v1/keys/{id}/acl" : " /v1/keys/{id}"));
        switch ((acl ? "ACL " : "KEY ") + method) {
            case "KEY PUT" -> {
                byte[] body = readBody(exchange);
                try {
                    service.put(keyId, Json.read(body, ShareRequest.class, Status.INVALID_REQUEST), caller);
                } finally {
                    Arrays.fill(body, (byte) 0);
                }
                send(exchange, 201, null);
            }
            case "KEY GET" -> send(exchange, 200, Json.write(service.get(keyId, caller)));
            case "KEY DELETE" -> {
                service.delete(keyId, caller);
                send(exchange, 204, null);
            }
            case "ACL GET" -> send(exchange, 200, Json.write(service.getAcl(keyId, caller)));
            case "ACL PUT" -> {
                service.setAcl(keyId, Json.read(readBody(exchange), AclDocument.class, Status.INVALID_REQUEST), caller);
                send(exchange, 204, null);
            }
            default -> throw new MdmException(Status.NOT_SUPPORTED, "method " + method + " is not supported here");
        }
    }

    /** The method as counted: any method a client makes up counts as OTHER (the counts stay few). */
    private static String known(String method) {
        return switch (method) {
            case "GET", "PUT", "POST", "DELETE" -> method;
            default -> "OTHER";
        };
    }

    /** One batch request: POST only, its own (larger) body limit, always 200 with per-key results. */
    private void batch(Exchange exchange, String operation, GridPrincipal caller) throws IOException, MdmException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new MdmException(Status.NOT_SUPPORTED, "method " + exchange.getRequestMethod()
                    + " is not supported here: batches are POSTed");
        }
        byte[] body = readBody(exchange, maxBatchBodyBytes);
        BatchResponse answer;
        try {
            answer = switch (operation) {
                case "put" -> batches.put(Json.read(body, BatchPutRequest.class, Status.INVALID_REQUEST), caller);
                case "get" -> batches.get(Json.read(body, BatchIdsRequest.class, Status.INVALID_REQUEST), caller);
                case "acl" -> batches.setAcl(Json.read(body, BatchAclRequest.class, Status.INVALID_REQUEST), caller);
                default -> batches.delete(Json.read(body, BatchIdsRequest.class, Status.INVALID_REQUEST), caller);
            };
        } finally {
            Arrays.fill(body, (byte) 0);
        }
        send(exchange, 200, Json.write(answer));
    }

    private byte[] readBody(Exchange exchange) throws IOException, MdmException {
        return readBody(exchange, maxBodyBytes);
    }

    private static byte[] readBody(Exchange exchange, int limit) throws IOException, MdmException {
        try (InputStream in = Content.Source.asInputStream(exchange.request())) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                Arrays.fill(body, (byte) 0);
                throw new MdmException(Status.INVALID_REQUEST, "request body larger than " + limit + " bytes");
            }
            return body;
        }
    }

    /** Sends the response and waits until it is written, so that {@code json} can be zeroed. */
    private static void send(Exchange exchange, int code, byte[] json) throws IOException {
        Response response = exchange.response();
        response.setStatus(code);
        if (json == null) {
            if (code != 204) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            }
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) json.length);
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(true, ByteBuffer.wrap(json), written);
            written.block();
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    private static void sendError(Exchange exchange, MdmException e) throws IOException {
        int code = httpCode(e);
        if (code == 500) {
            LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.rawPath(), e.getMessage());
        }
        send(exchange, code, Json.write(new ErrorBody(e.status().name(), e.getMessage())));
    }

    static int httpCode(MdmException e) {
        if (e instanceof KeyService.Conflict) {
            return 409;
        }
        return switch (e.status()) {
            case INVALID_REQUEST, INVALID_PATH -> 400;
            case AUTHORIZATION_FAILURE -> 403;
            case NOT_FOUND -> 404;
            case NOT_SUPPORTED -> 405;
            default -> 500;
        };
    }
}
