package net.trafficmirror.collector;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;
import net.trafficmirror.mirror.encap.Decapsulated;

/**
 * The collector's accounting, as plain longs written by the receive thread only (Aeron's counters habit); the
 * metrics endpoint reads them from its own thread and may see a value a moment old, never a torn one (long
 * fields are read whole on 64-bit JVMs, and a scrape tolerates staleness).
 */
public final class CollectorCounters {
    /** Datagrams taken off the sockets. */
    public long received;
    /** Datagrams from senders outside {@code --allow}, dropped. */
    public long notAllowed;
    /** Datagrams refused by the decapsulators, by {@link Decapsulated} status (index 0 unused). */
    public final long[] malformed = new long[6];
    /** Inner frames handed to the sinks. */
    public long decapsulated;
    /** Inner frames shorter than their IP header declares: cut by the session's packet length or the target MTU. */
    public long truncatedAtSource;
    /** Inner frames that did not match the filter expression (not shown, not recorded). */
    public long filteredOut;
    /** Records written to files and PCAP-over-IP clients. */
    public long written;
    /** Records a slow consumer (a PCAP-over-IP client, the flow table when full) could not take. */
    public long droppedByBackpressure;
    /** Datagrams the kernel dropped on our sockets (receive buffer full), from /proc/net/udp. */
    public long socketDrops;

    public long malformedTotal() {
        long n = 0;
        for (long m : malformed) n += m;
        return n;
    }

    /** Exposes every counter on a Micrometer registry. */
    public void bind(MeterRegistry registry) {
        counter(registry, "tmirror.collector.received", "Datagrams received on the tunnel ports", c -> c.received);
        counter(registry, "tmirror.collector.not.allowed", "Datagrams from senders outside --allow", c -> c.notAllowed);
        for (int s = 1; s < malformed.length; s++) {
            final int status = s;
            FunctionCounter.builder("tmirror.collector.malformed", this, c -> c.malformed[status])
                    .description("Tunnel datagrams refused, by reason").tag("reason", Decapsulated.reason(status))
                    .register(registry);
        }
        counter(registry, "tmirror.collector.decapsulated", "Inner frames decapsulated", c -> c.decapsulated);
        counter(registry, "tmirror.collector.truncated.at.source", "Inner frames shorter than their headers declare", c -> c.truncatedAtSource);
        counter(registry, "tmirror.collector.filtered.out", "Inner frames not matching the filter expression", c -> c.filteredOut);
        counter(registry, "tmirror.collector.written", "Records written to files and PCAP-over-IP clients", c -> c.written);
        counter(registry, "tmirror.collector.dropped.backpressure", "Records dropped because a consumer was too slow", c -> c.droppedByBackpressure);
        counter(registry, "tmirror.collector.socket.drops", "Datagrams the kernel dropped on the receive sockets", c -> c.socketDrops);
    }

    private void counter(MeterRegistry r, String name, String help, ToDoubleFunction<CollectorCounters> f) {
        FunctionCounter.builder(name, this, f).description(help).register(r);
    }
}
