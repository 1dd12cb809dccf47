package net.trafficmirror.agent;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The agent's counters on a Prometheus endpoint ({@code GET /metrics}), through Micrometer. Meters read the
 * pipeline's plain longs when scraped; nothing is added to the hot path.
 *
 * <p>Per interface, under the CloudWatch names: {@code NetworkMirrorIn/Out} (bytes), {@code NetworkPacketsMirrorIn/Out},
 * {@code NetworkSkipMirrorIn/Out} (bytes), {@code NetworkPacketsSkipMirrorIn/Out}. The same per session, prefixed
 * {@code session.} and tagged with the session id and VNI (Prometheus wants one label set per name). Besides:
 * {@code tmirror.agent.seen}, {@code tmirror.agent.not.mirrored} (tag reason), {@code tmirror.agent.truncated}
 * (tag cause: packet-length or mtu) and {@code tmirror.agent.kernel.drops}.
 */
public final class AgentMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MirrorPipeline pipeline;
    private final Set<String> registeredSessions = new HashSet<>();
    private final HttpServer server;

    public AgentMetrics(MirrorPipeline pipeline, InetSocketAddress listen) throws IOException {
        this.pipeline = pipeline;
        InterfaceCounters c = pipeline.counters();
        Tags itf = Tags.of("interface", c.interfaceName);
        registerTraffic("", c, itf);
        for (int d = 0; d < 2; d++) {
            int dir = d;
            Tags t = itf.and("direction", d == TrafficCounters.IN ? "ingress" : "egress");
            counter("tmirror.agent.seen", null, c, x -> x.seen[dir], t);
            for (NotMirroredReason r : NotMirroredReason.values())
                counter("tmirror.agent.not.mirrored", null, c, x -> x.notMirrored[dir][r.ordinal()], t.and("reason", r.name().toLowerCase()));
            counter("tmirror.agent.truncated", null, c, x -> x.truncatedToPacketLength[dir], t.and("cause", "packet-length"));
            counter("tmirror.agent.truncated", null, c, x -> x.truncatedToMtu[dir], t.and("cause", "mtu"));
        }
        counter("tmirror.agent.kernel.drops", null, c, x -> x.kernelDrops, itf);
        server = HttpServer.create(listen, 8);
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The address the endpoint listens on (its port when 0 was asked). */
    public InetSocketAddress address() { return server.getAddress(); }

    /** The Prometheus text, with meters for sessions added since the last scrape. */
    public synchronized String scrape() {
        for (SessionCounters s : pipeline.sessionCounters()) {
            if (registeredSessions.add(s.sessionId))
                registerTraffic("session.", s, Tags.of("interface", pipeline.counters().interfaceName,
                        "session", s.sessionId, "vni", Integer.toString(s.vni)));
        }
        return registry.scrape();
    }

    private void registerTraffic(String prefix, TrafficCounters c, Tags tags) {
        for (int d = 0; d < 2; d++) {
            int dir = d;
            String s = TrafficCounters.suffix(d), way = d == TrafficCounters.IN ? "ingress" : "egress";
            counter(prefix + "NetworkMirror" + s, "bytes", "Mirrored " + way + " bytes (inner frames, after truncation)",
                    c, x -> x.mirroredBytes[dir], tags);
            counter(prefix + "NetworkPacketsMirror" + s, null, "Mirrored " + way + " packets", c, x -> x.mirroredPackets[dir], tags);
            counter(prefix + "NetworkSkipMirror" + s, "bytes", "Accepted " + way + " bytes shed because the send path was full",
                    c, x -> x.skippedBytes[dir], tags);
            counter(prefix + "NetworkPacketsSkipMirror" + s, null, "Accepted " + way + " packets shed because the send path was full",
                    c, x -> x.skippedPackets[dir], tags);
        }
    }

    private <T> void counter(String name, String unit, T obj, ToLongFunction<T> f, Tags tags) {
        counter(name, unit, null, obj, f, tags);
    }

    private <T> void counter(String name, String unit, String description, T obj, ToLongFunction<T> f, Tags tags) {
        FunctionCounter.builder(name, obj, x -> f.applyAsLong(x)).baseUnit(unit).description(description).tags(tags).register(registry);
    }

    @Override public void close() {
        server.stop(0);
        registry.close();
    }
}
