package net.trafficmirror.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import net.trafficmirror.mirror.MirrorException;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.NetworkInterface;

/**
 * The channel agents and collectors use, SigV4-signed like the EC2 endpoint:
 * <ul>
 *   <li>{@code GET /tmirror/v1/state?since=V[&wait=S]} answers the whole state as JSON ({@link StateJson}) as soon
 *       as its version is above V, waiting up to S (at most {@value #MAX_WAIT_SECONDS}) seconds (a long poll: a change
 *       reaches every waiting client at once, and an idle client costs one request per wait), else 204 No Content;</li>
 *   <li>{@code POST /tmirror/v1/network-interfaces} registers an interface (JSON as in the state; without an id the
 *       one already registered for the same host and device is kept, or a new {@code eni-} id is issued) and
 *       answers it with its id.</li>
 * </ul>
 * Interfaces are removed with EC2's DeleteNetworkInterface, which also deletes their sessions, as in AWS.
 * Errors are JSON {@code {"code": ..., "message": ...}} with the EC2 code and status.
 */
final class StateChannel implements HttpHandler {
    static final String PREFIX = "/tmirror/v1/";
    static final int MAX_WAIT_SECONDS = 25;

    private final RequestAuthenticator authenticator;
    private final ControlPlane plane;
    private final RandomGenerator random;
    private final AtomicInteger waiting = new AtomicInteger();

    StateChannel(RequestAuthenticator authenticator, ControlPlane plane, RandomGenerator random) {
        this.authenticator = authenticator;
        this.plane = plane;
        this.random = random;
    }

    /** How many long polls are waiting now. */
    int waiting() { return waiting.get(); }

    @Override public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                byte[] body = Ec2Endpoint.readBody(exchange);
                var uri = exchange.getRequestURI();
                authenticator.verify(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), exchange.getRequestHeaders(), body);
                String path = uri.getPath().substring(PREFIX.length());
                String method = exchange.getRequestMethod();
                if (path.equals("state") && method.equals("GET")) {
                    state(exchange, QueryParameters.parse(uri.getRawQuery()));
                } else if (path.equals("network-interfaces") && method.equals("POST")) {
                    register(exchange, body);
                } else {
                    throw new Ec2Error("InvalidAction", method + " " + uri.getPath() + " is not part of the tmirror v1 channel", 404);
                }
            } catch (Ec2Error e) {
                sendError(exchange, e.httpStatus(), e.code(), e.getMessage());
            } catch (MirrorException e) {
                sendError(exchange, 400, e.code(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sendError(exchange, 503, "ServiceUnavailable", "the server is shutting down");
            }
        }
    }

    private void state(HttpExchange exchange, QueryParameters query) throws IOException, InterruptedException {
        Integer asked = query.integer("wait");
        long since = query.has("since") ? parseVersion(query.string("since")) : -1;
        int wait = asked == null ? MAX_WAIT_SECONDS : Math.clamp(asked, 0, MAX_WAIT_SECONDS);
        MirrorState state;
        waiting.incrementAndGet();
        try {
            state = plane.awaitNewerThan(since, Duration.ofSeconds(wait));
        } finally {
            waiting.decrementAndGet();
        }
        exchange.getResponseHeaders().set("X-Tmirror-Version", Long.toString(state.version()));
        if (state.version() <= since) {
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        byte[] json = StateJson.write(state);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        exchange.getResponseBody().write(json);
    }

    private void register(HttpExchange exchange, byte[] body) throws IOException {
        NetworkInterface asked;
        try {
            JsonNode json = StateJson.MAPPER.readTree(body);
            if (!json.isObject()) throw new IllegalArgumentException("expected a JSON object");
            asked = StateJson.networkInterface(json);
        } catch (IOException | RuntimeException e) {
            throw Ec2Error.invalidParameterValue("malformed network interface: " + e.getMessage());
        }
        NetworkInterface stored = plane.change(r -> {
            String id = asked.id();
            if (id == null && asked.interfaceName() != null) {
                id = r.state().interfaceNamed(asked.host(), asked.interfaceName()).map(NetworkInterface::id).orElse(null);
            }
            if (id == null) id = "eni-" + Long.toHexString(random.nextInt(16)) + HexFormat.of().toHexDigits(random.nextLong());
            return r.registerNetworkInterface(new NetworkInterface(id, asked.host(), asked.interfaceName(), asked.ipv4Addresses(),
                    asked.ipv6Addresses(), asked.macAddress(), asked.subnetCidr(), asked.vpcCidr(), asked.description(), asked.tags()));
        });
        send(exchange, 200, StateJson.networkInterface(stored).toString());
    }

    private static long parseVersion(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Ec2Error.invalidValue("since", text);
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        ObjectNode o = StateJson.MAPPER.createObjectNode().put("code", code).put("message", message);
        send(exchange, status, o.toString());
    }
}
