package org.mdm.se.srm;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.se.AccessLog;
import org.mdm.se.StorageElement;
import org.mdm.security.PrincipalExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.mdm.srm.SoapCodec;
import org.mdm.srm.Xml;

/**
 * The SRM endpoint: {@code POST /srm/managerv2} with a SOAP body of bounded size, the caller from
 * the TLS session (DN and VOMS FQANs of its proxy), checked against the SE's access list, then
 * the operation. A request that is not SOAP gets a SOAP fault (HTTP 500, as SOAP 1.1 says); an
 * operation that fails gets its own response with the failure's SRM status, which is what SRM
 * clients read. Nothing here ever answers with a stack trace or a PFN.
 */
final class SrmHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(SrmHandler.class);
    static final String ENDPOINT = "/srm/managerv2";

    private final SoapCodec soap = new SoapCodec();
    private final StorageElement se;
    private final PrincipalExtractor principals;
    private final SrmOperations operations;
    private final SrmLimits limits;

    SrmHandler(StorageElement se, PrincipalExtractor principals, SrmOperations operations, SrmLimits limits) {
        this.se = se;
        this.principals = principals;
        this.operations = operations;
        this.limits = limits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (!ENDPOINT.equals(path) && !(ENDPOINT + "/").equals(path)) {
            return reply(response, callback, 404, soap.fault(true, "no SRM endpoint here: SRM v2.2 is at "
                    + ENDPOINT), null);
        }
        if (!"POST".equals(request.getMethod())) {
            return reply(response, callback, 405, soap.fault(true, "SRM requests are SOAP POSTed to " + ENDPOINT),
                    null);
        }
        Delivery delivery = new Delivery();
        byte[] answer;
        int code = 200;
        try {
            answer = answer(request, delivery);
        } catch (Refusal r) {
            code = r.httpStatus;
            answer = soap.fault(r.httpStatus < 500 || r.client, r.getMessage());
        }
        return reply(response, callback, code, answer, delivery);
    }

    private byte[] answer(Request request, Delivery delivery) throws Refusal {
        byte[] body = body(request);
        SoapCodec.Call call;
        try {
            call = soap.read(body);
        } catch (MdmException e) {
            throw new Refusal(500, true, e.getMessage());
        }
        GridPrincipal caller;
        try {
            caller = caller(request);
        } catch (MdmException e) {
            throw new Refusal(500, true, e.getMessage());
        }
        String operation = call.operation();
        long start = System.nanoTime();
        try {
            se.checkAccess(caller);
            Xml part = operations.handle(operation, call.request(), caller, delivery);
            log(request, caller, operation, Statuses.SUCCESS, start);
            return soap.response(operation, part);
        } catch (MdmException e) {
            log(request, caller, operation, e.status().srmCode(), start);
            return soap.response(operation, Xml.of(operation + "Response", Statuses.returnStatus(
                    e.status().srmCode(), e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(503, false, "the SE is shutting down");
        } catch (RuntimeException e) {
            // No message: a bug's message could hold anything; the class is enough to look.
            LOG.error("SRM {} failed: internal error {}", operation, e.getClass().getName(), e);
            return soap.response(operation, Xml.of(operation + "Response", Statuses.returnStatus(
                    Status.INTERNAL_ERROR.srmCode(), "internal error in the SRM door; the site's log has it")));
        }
    }

    private static void log(Request request, GridPrincipal caller, String operation, String status, long start) {
        java.net.SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        InetAddress client = remote instanceof InetSocketAddress a ? a.getAddress() : null;
        AccessLog.request("srm", client, caller, operation.length() > 60 ? operation.substring(0, 60) : operation,
                status, Duration.ofNanos(System.nanoTime() - start));
    }

    private byte[] body(Request request) throws Refusal {
        long declared = request.getLength();
        if (declared > limits.maxRequestBytes()) {
            throw new Refusal(413, true, "the request has " + declared + " bytes; this SE takes at most "
                    + limits.maxRequestBytes());
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(limits.maxRequestBytes() + 1);
            if (body.length > limits.maxRequestBytes()) {
                throw new Refusal(413, true, "the request is larger than " + limits.maxRequestBytes() + " bytes");
            }
            if (body.length == 0) {
                throw new Refusal(500, true, "the request has no body: POST a SOAP envelope");
            }
            return body;
        } catch (IOException e) {
            throw new Refusal(400, true, "the request body could not be read: " + e.getMessage());
        }
    }

    private GridPrincipal caller(Request request) throws MdmException {
        Object tls = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (!(tls instanceof EndPoint.SslSessionData data)) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "no TLS session: use httpg or https with a proxy");
        }
        return principals.principal(data.sslSession());
    }

    private static boolean reply(Response response, Callback callback, int code, byte[] body, Delivery delivery) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
        response.write(true, ByteBuffer.wrap(body), Callback.from(callback::succeeded, failure -> {
            if (delivery != null) {
                delivery.failed();
            }
            callback.failed(failure);
        }));
        return true;
    }

    /** A request refused before any operation ran: a SOAP fault with this HTTP status. */
    private static final class Refusal extends Exception {
        final int httpStatus;
        final boolean client;

        Refusal(int httpStatus, boolean client, String message) {
            super(message, null, false, false);
            this.httpStatus = httpStatus;
            this.client = client;
        }
    }
}
