package net.trafficmirror.api;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import net.trafficmirror.mirror.IdGenerator;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.Quotas;

/**
 * {@code tmirror api}: the EC2-compatible Traffic Mirroring endpoint at {@code /} and the agents' and collectors'
 * channel at {@code /tmirror/v1/}, over HTTP or HTTPS (JDK HTTP server, one virtual thread per request, so long
 * polls cost no platform thread), with the state in SQLite.
 */
public final class ApiServer implements AutoCloseable {
    /**
     * How to run.
     *
     * @param tls     null for plain HTTP
     * @param ownerId the account id shown as ownerId (AWS's 12 digits)
     */
    public record Options(InetSocketAddress listen, Path database, AccessKeys keys, SSLContext tls, String ownerId, Quotas quotas) {
        public static final String DEFAULT_OWNER_ID = "000000000000";
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ControlPlane plane;
    private final MirrorStore store;

    private ApiServer(HttpServer server, ExecutorService executor, ControlPlane plane, MirrorStore store) {
        this.server = server;
        this.executor = executor;
        this.plane = plane;
        this.store = store;
    }

    /** Opens the database, restores the state and starts serving. */
    public static ApiServer start(Options options, MeterRegistry meters, Clock clock) throws IOException {
        MirrorStore store = MirrorStore.open(options.database());
        try {
            SecureRandom random = new SecureRandom();
            MirrorRegistry registry = new MirrorRegistry(options.quotas(), IdGenerator.random(random), random);
            registry.restore(store.load());
            ControlPlane plane = new ControlPlane(registry, store,
                    () -> new MirrorRegistry(options.quotas(), IdGenerator.random(random), random));
            RequestAuthenticator authenticator = new RequestAuthenticator(options.keys(), clock);
            StateChannel channel = new StateChannel(authenticator, plane, random);

            HttpServer server;
            if (options.tls() == null) {
                server = HttpServer.create(options.listen(), 128);
            } else {
                HttpsServer https = HttpsServer.create(options.listen(), 128);
                https.setHttpsConfigurator(new HttpsConfigurator(options.tls()));
                server = https;
            }
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", new Ec2Endpoint(authenticator, new TrafficMirrorActions(plane, options.ownerId()), meters));
            server.createContext(StateChannel.PREFIX, channel);
            Gauge.builder("tmirror_api_state_version", plane, p -> p.state().version())
                    .description("Version of the mirror state, one more per change").register(meters);
            Gauge.builder("tmirror_api_long_polls", channel, StateChannel::waiting)
                    .description("Agents and collectors waiting for a change").register(meters);
            server.start();
            return new ApiServer(server, executor, plane, store);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:4566}. */
    public URI endpoint() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://" + host + ":" + a.getPort());
    }

    public MirrorState state() { return plane.state(); }

    /**
     * Runs a change in process (e.g. {@code tmirror demo} creating the seed's target, filter and session), exactly as
     * an EC2 request would: validated by the registry, stored, and sent to every agent and collector following.
     */
    public <T> T apply(Function<MirrorRegistry, T> change) { return plane.change(change); }

    /** Stops: long polls answer at once, requests in progress get a second to finish, then the database closes. */
    @Override public void close() {
        plane.close();
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
