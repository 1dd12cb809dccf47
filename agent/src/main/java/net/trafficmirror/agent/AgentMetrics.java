package net.trafficmirror.agent;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import net.trafficmirror.metrics.MetricsEndpoint;

/**
 * The agent's counters on a Prometheus endpoint ({@code GET /metrics}), through Micrometer. Meters read the
 * pipelines' plain longs when scraped, summed over the capture threads ({@link InterfaceTotals}) once per scrape;
 * nothing is added to the hot path.
 *
 * <p>Per interface, under the CloudWatch names: {@code NetworkMirrorIn/Out} (bytes), {@code NetworkPacketsMirrorIn/Out},
 * {@code NetworkSkipMirrorIn/Out} (bytes), {@code NetworkPacketsSkipMirrorIn/Out}. The same per session, prefixed
 * {@code session.} and tagged with the session id and VNI (Prometheus wants one label set per name). Besides:
 * {@code tmirror.agent.seen}, {@code tmirror.agent.not.mirrored} (tag reason), {@code tmirror.agent.truncated}
 * (tag cause: packet-length or mtu) and {@code tmirror.agent.kernel.drops}.
 */
public final class AgentMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final InterfaceTotals totals;
    private final Set<String> registeredSessions = new HashSet<>();
    private final MetricsEndpoint endpoint;
    /** The sums the meters read, taken at the start of each scrape. */
    private InterfaceCounters interfaceSum;
    private Map<String, SessionCounters> sessionSums = Map.of();

    public AgentMetrics(InterfaceTotals totals, InetSocketAddress listen) throws IOException {
        this.totals = totals;
        interfaceSum = totals.interfaceCounters();
        Tags itf = Tags.of("interface", totals.interfaceName());
        registerTraffic("", m -> m.interfaceSum, itf);
        for (int d = 0; d < 2; d++) {
            int dir = d;
            Tags t = itf.and("direction", d == TrafficCounters.IN ? "ingress" : "egress");
            counter("tmirror.agent.seen", null, null, m -> m.interfaceSum.seen[dir], t);
            for (NotMirroredReason r : NotMirroredReason.values())
                counter("tmirror.agent.not.mirrored", null, null, m -> m.interfaceSum.notMirrored[dir][r.ordinal()],
                        t.and("reason", r.name().toLowerCase()));
            counter("tmirror.agent.truncated", null, null, m -> m.interfaceSum.truncatedToPacketLength[dir], t.and("cause", "packet-length"));
            counter("tmirror.agent.truncated", null, null, m -> m.interfaceSum.truncatedToMtu[dir], t.and("cause", "mtu"));
        }
        counter("tmirror.agent.kernel.drops", null, null, m -> m.interfaceSum.kernelDrops, itf);
        endpoint = MetricsEndpoint.start(listen, this::scrape);
    }

    /** The address the endpoint listens on (its port when 0 was asked). */
    public InetSocketAddress address() { return endpoint.address(); }

    /** The Prometheus text, with meters for sessions added since the last scrape. */
    public synchronized String scrape() {
        interfaceSum = totals.interfaceCounters();
        Map<String, SessionCounters> sessions = new HashMap<>();
        for (SessionCounters s : totals.sessionCounters()) {
            sessions.put(s.sessionId, s);
            if (registeredSessions.add(s.sessionId))
                registerTraffic("session.", m -> m.sessionSums.get(s.sessionId), Tags.of("interface", totals.interfaceName(),
                        "session", s.sessionId, "vni", Integer.toString(s.vni)));
        }
        sessionSums = sessions;
        return registry.scrape();
    }

    /** The CloudWatch-named meters of the counters {@code sum} picks from the current sums. */
    private void registerTraffic(String prefix, Function<AgentMetrics, TrafficCounters> sum, Tags tags) {
        for (int d = 0; d < 2; d++) {
            int dir = d;
            String s = TrafficCounters.suffix(d), way = d == TrafficCounters.IN ? "ingress" : "egress";
            counter(prefix + "NetworkMirror" + s, "bytes", "Mirrored " + way + " bytes (inner frames, after truncation)",
                    m -> sum.apply(m).mirroredBytes[dir], tags);
            counter(prefix + "NetworkPacketsMirror" + s, null, "Mirrored " + way + " packets", m -> sum.apply(m).mirroredPackets[dir], tags);
            counter(prefix + "NetworkSkipMirror" + s, "bytes", "Accepted " + way + " bytes shed because the send path was full",
                    m -> sum.apply(m).skippedBytes[dir], tags);
            counter(prefix + "NetworkPacketsSkipMirror" + s, null, "Accepted " + way + " packets shed because the send path was full",
                    m -> sum.apply(m).skippedPackets[dir], tags);
        }
    }

    private void counter(String name, String unit, String description, ToLongFunction<AgentMetrics> f, Tags tags) {
        FunctionCounter.builder(name, this, m -> f.applyAsLong(m)).baseUnit(unit).description(description).tags(tags).register(registry);
    }

    @Override public void close() {
        endpoint.close();
        registry.close();
    }
}
