package net.trafficmirror.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The EC2 Query protocol endpoint ({@code POST /} with a form body, or GET with the query string): checks the
 * signature, reads {@code Action} and {@code Version}, runs the action, and answers XML with a request id, or
 * EC2's error document {@code <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>}.
 */
final class Ec2Endpoint implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(Ec2Endpoint.class.getName());
    /** Larger bodies are refused; the biggest legitimate request (50 tags, 1000 ids) is far below. */
    static final int MAX_BODY = 1 << 20;

    private final RequestAuthenticator authenticator;
    private final TrafficMirrorActions actions;
    private final MeterRegistry meters;

    Ec2Endpoint(RequestAuthenticator authenticator, TrafficMirrorActions actions, MeterRegistry meters) {
        this.authenticator = authenticator;
        this.actions = actions;
        this.meters = meters;
    }

    @Override public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        String action = "unknown";
        String code = "OK";
        int status = 200;
        String xml;
        long started = System.nanoTime();
        try (exchange) {
            try {
                String method = exchange.getRequestMethod();
                if (!method.equals("POST") && !method.equals("GET")) {
                    throw new Ec2Error("InvalidHttpRequest", "The EC2 Query API takes GET or POST, not " + method, 405);
                }
                byte[] body = readBody(exchange);
                authenticator.verify(method, exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders(), body);
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                String form = contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
                        ? new String(body, StandardCharsets.UTF_8) : null;
                QueryParameters request = QueryParameters.parse(exchange.getRequestURI().getRawQuery(), form);
                String name = request.string("Action");
                if (name == null || name.isEmpty()) throw new Ec2Error("MissingAction", "The request must contain the parameter Action");
                if (actions.names().contains(name)) action = name;
                request.required("Version");
                xml = actions.handle(name, request, requestId);
            } catch (Ec2Error e) {
                code = e.code();
                status = e.httpStatus();
                xml = error(e.code(), e.getMessage(), requestId);
            } catch (RuntimeException e) {
                code = "InternalError";
                status = 500;
                LOG.log(System.Logger.Level.ERROR, "request " + requestId + " (" + action + ") failed", e);
                xml = error("InternalError", "An internal error has occurred. Request id " + requestId, requestId);
            }
            // Counted before the answer leaves, so whoever got the answer also finds it counted.
            Timer.builder("tmirror_api_requests").description("EC2 API requests by action and result code")
                    .tag("action", action).tag("code", code).register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            send(exchange, status, xml);
        }
    }

    static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) throw new Ec2Error("RequestEntityTooLarge", "The request body exceeds " + MAX_BODY + " bytes", 413);
            return body;
        }
    }

    static String error(String code, String message, String requestId) {
        return XmlWriter.document().start("Response").start("Errors").start("Error").element("Code", code)
                .element("Message", message).end().end().element("RequestID", requestId).finish();
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
