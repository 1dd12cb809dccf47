package net.trafficmirror.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.NetworkInterface;

/**
 * The agent's and collector's side of the control plane: registers their interfaces, then follows the mirror state
 * by long poll ({@code GET /tmirror/v1/state?since=V}, see {@link StateChannel}) and hands every new version to a
 * listener. When the API goes away the listener simply hears nothing new, so the caller keeps its last
 * configuration (the error listener hears one line about it); the client retries with exponential backoff (0.2 s
 * doubling to 10 s) and registers its interfaces again once the API answers, in case it came back with another
 * database. {@link #start(Consumer, Consumer)} has the shape of the agent's {@code ConfigSource.start}.
 */
public final class ControlPlaneClient implements AutoCloseable {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final URI api;
    private final RequestSigner signer;
    private final HttpClient http;
    private volatile Consumer<MirrorState> listener = s -> { };
    private volatile Consumer<String> errors = e -> { };
    private final List<NetworkInterface> registered = new ArrayList<>();
    private volatile MirrorState last;
    private volatile boolean connected;
    private volatile Thread follower;

    /**
     * @param api the API's base URL, e.g. {@code http://127.0.0.1:8787}
     * @param tls the TLS context for an https URL (null: the JDK's default trust)
     */
    public ControlPlaneClient(URI api, String accessKeyId, String secretAccessKey, SSLContext tls) {
        this.api = api;
        this.signer = new RequestSigner(accessKeyId, secretAccessKey, "us-east-1", Clock.systemUTC());
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) builder.sslContext(tls);
        this.http = builder.build();
    }

    /**
     * A client with the access key in {@code TMIRROR_ACCESS_KEY_ID} / {@code TMIRROR_SECRET_ACCESS_KEY}, else the AWS
     * CLI's {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}.
     *
     * @throws IllegalArgumentException when neither pair is set
     */
    public static ControlPlaneClient fromEnvironment(URI api, SSLContext tls, Map<String, String> env) {
        String id = env.getOrDefault(AccessKeys.ENV_ACCESS_KEY_ID, env.get("AWS_ACCESS_KEY_ID"));
        String secret = env.getOrDefault(AccessKeys.ENV_SECRET_ACCESS_KEY, env.get("AWS_SECRET_ACCESS_KEY"));
        if (id == null || secret == null) {
            throw new IllegalArgumentException("no access key for the control plane " + api + ": set " + AccessKeys.ENV_ACCESS_KEY_ID
                    + " and " + AccessKeys.ENV_SECRET_ACCESS_KEY);
        }
        return new ControlPlaneClient(api, id, secret, tls);
    }

    /**
     * Registers (or re-registers) an interface; without an id, the API keeps the id of the interface already
     * registered for the same host and device, or issues a new one.
     *
     * @return the interface as registered, with its {@code eni-} id
     */
    public NetworkInterface register(NetworkInterface eni) throws IOException, InterruptedException {
        byte[] body = StateJson.networkInterface(eni).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = send("POST", "network-interfaces", body, Duration.ofSeconds(10));
        NetworkInterface stored = StateJson.networkInterface(StateJson.MAPPER.readTree(response.body()));
        synchronized (registered) {
            registered.removeIf(r -> r.id() != null && r.id().equals(stored.id()) || sameDevice(r, eni));
            registered.add(stored);
        }
        return stored;
    }

    /** The current state, at once (for a start-up that needs a configuration before it follows changes). */
    public MirrorState fetch() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send("GET", "state?since=-1&wait=0", new byte[0], Duration.ofSeconds(10));
        try {
            return StateJson.read(response.body());
        } catch (IllegalArgumentException e) {
            throw new IOException(api + ": " + e.getMessage(), e);
        }
    }

    private static boolean sameDevice(NetworkInterface a, NetworkInterface b) {
        return a.interfaceName() != null && a.interfaceName().equals(b.interfaceName()) && java.util.Objects.equals(a.host(), b.host());
    }

    /**
     * Starts following the state on a virtual thread.
     *
     * @param onChange called with each newer state, on the follower thread, never concurrently
     * @param onError  one line when the API becomes unreachable or refuses (the caller keeps its configuration)
     */
    public synchronized void start(Consumer<MirrorState> onChange, Consumer<String> onError) {
        if (follower != null) return;
        listener = onChange;
        errors = onError;
        follower = Thread.ofVirtual().name("tmirror-control-plane").start(this::follow);
    }

    /** The newest state received, or null before the first. */
    public MirrorState last() { return last; }

    /** Whether the last request reached the API. */
    public boolean connected() { return connected; }

    private void follow() {
        Duration backoff = FIRST_BACKOFF;
        boolean reRegister = false;
        boolean everFailed = false; // one line per outage: on the first failure, then after each recovery
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (reRegister) {
                    List<NetworkInterface> again;
                    synchronized (registered) {
                        again = List.copyOf(registered);
                    }
                    for (NetworkInterface eni : again) register(eni);
                    reRegister = false;
                }
                long since = last == null ? -1 : last.version();
                HttpResponse<byte[]> response = send("GET", "state?since=" + since, new byte[0],
                        Duration.ofSeconds(StateChannel.MAX_WAIT_SECONDS + 10));
                connected = true;
                backoff = FIRST_BACKOFF;
                if (response.statusCode() == 200) {
                    MirrorState state = StateJson.read(response.body());
                    // A restarted API with an older database goes back in version: take its state all the same.
                    if (last == null || state.version() != last.version()) {
                        last = state;
                        listener.accept(state);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (connected || !everFailed) {
                    errors.accept("control plane " + api + " unreachable, keeping the last configuration: " + e.getMessage());
                }
                everFailed = true;
                connected = false;
                reRegister = true;
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, Duration timeout) throws IOException, InterruptedException {
        URI uri = api.resolve(StateChannel.PREFIX + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> h : signer.sign(method, uri, body).entrySet()) request.header(h.getKey(), h.getValue());
        if (body.length > 0) request.header("Content-Type", "application/json");
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            String message = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            try {
                JsonNode error = StateJson.MAPPER.readTree(response.body());
                message = error.path("code").asText() + ": " + error.path("message").asText();
            } catch (IOException notJson) {
                // keep the raw body
            }
            throw new IOException(method + " " + uri + ": HTTP " + response.statusCode() + " " + message);
        }
        return response;
    }

    @Override public void close() {
        Thread t;
        synchronized (this) {
            t = follower;
            follower = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.close();
    }
}
