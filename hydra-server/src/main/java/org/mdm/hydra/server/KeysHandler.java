package org.mdm.hydra.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.ErrorBody;
import org.mdm.hydra.protocol.Json;
import org.mdm.hydra.protocol.ShareRequest;
import org.mdm.security.PrincipalExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps {@code /v1/keys/{id}} and {@code /v1/keys/{id}/acl} onto {@link KeyService}: the caller
 * is the principal of the TLS peer chain (already validated by GridTrust during the handshake),
 * bodies are bounded, and every failure becomes a JSON {@link ErrorBody}.
 */
final class KeysHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(KeysHandler.class);
    // The id group is deliberately loose; KeyIds validates it so that the error says why.
    private static final Pattern PATH = Pattern.compile("/v1/keys/([^/]+)(/acl)?");

    private final KeyService service;
    private final PrincipalExtractor principals;
    private final int maxBodyBytes;

    KeysHandler(KeyService service, PrincipalExtractor principals, int maxBodyBytes) {
        this.service = service;
        this.principals = principals;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                dispatch(exchange);
            } catch (MdmException e) {
                sendError(exchange, e);
            } catch (RuntimeException e) {
                // No message: a bug's message could hold anything; the class is enough to look.
                LOG.error("internal error on {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        e.getClass().getName());
                sendError(exchange, new MdmException(Status.INTERNAL_ERROR, "internal error in the key server"));
            }
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException, MdmException {
        GridPrincipal caller = principals.principal(((HttpsExchange) exchange).getSSLSession());
        Matcher m = PATH.matcher(exchange.getRequestURI().getRawPath());
        if (!m.matches()) {
            throw new MdmException(Status.NOT_FOUND, "no such resource: use /v1/keys/{id} or /v1/keys/{id}/acl");
        }
        String keyId = m.group(1);
        boolean acl = m.group(2) != null;
        String method = exchange.getRequestMethod();
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

    private byte[] readBody(HttpExchange exchange) throws IOException, MdmException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                Arrays.fill(body, (byte) 0);
                throw new MdmException(Status.INVALID_REQUEST, "request body larger than " + maxBodyBytes + " bytes");
            }
            return body;
        }
    }

    private static void send(HttpExchange exchange, int code, byte[] json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, json.length);
        exchange.getResponseBody().write(json);
        Arrays.fill(json, (byte) 0);
    }

    private static void sendError(HttpExchange exchange, MdmException e) throws IOException {
        int code = httpCode(e);
        if (code == 500) {
            LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e.getMessage());
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
