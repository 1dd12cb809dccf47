package net.trafficmirror.collector;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import net.trafficmirror.mirror.encap.Decapsulated;
import net.trafficmirror.mirror.encap.GeneveDecapsulator;
import net.trafficmirror.mirror.encap.VxlanDecapsulator;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;

/**
 * The target pipeline (ARCHITECTURE.md): receive tunnel datagrams in batches, drop senders outside the allow-list,
 * decapsulate (VXLAN, GENEVE, GENEVE-wrapped VXLAN), find the mirror session by VNI, count, apply the inner
 * filter, and hand the frame to every sink. One thread does all of it, so sinks and counters need no locks; every
 * 200 ms the sinks flush, expire and rotate (flush ≥ once a second, issue 5), and when the sockets run dry the
 * live text goes out at once.
 *
 * <p>Nothing is allocated per datagram once senders and sessions are known: one reused buffer and flyweights.
 */
public final class Collector implements AutoCloseable {
    /** Datagrams read from one socket before the others get their turn. */
    static final int BATCH = 256;
    static final long TICK_NANOS = 200_000_000L;
    private static final java.util.function.Consumer<SelectionKey> IGNORE_KEY = k -> { };

    private final List<TunnelEndpoint> endpoints = new ArrayList<>();
    private final Selector selector;
    private final SessionDirectory directory;
    private final List<PacketSink> sinks;
    private final FrameFilter filter;
    private final MeterRegistry registry;
    private final CollectorCounters counters;
    private final VniTable sessions = new VniTable();
    private final TunnelDatagram d = new TunnelDatagram();
    private final ByteBuffer receiveView = ByteBuffer.wrap(d.buffer);
    private final WallClock clock = new WallClock();
    private final UdpSocketDrops socketDrops;
    private InterfaceTap tap;
    private boolean closed;
    private long directoryVersion;
    private long lastTick, lastDropRead;
    private volatile boolean running = true;

    /** @param filter applied to inner frames before the sinks, or null for all */
    public Collector(Reception reception, SenderAllowList allow, SessionDirectory directory, List<PacketSink> sinks,
                     FrameFilter filter, CollectorCounters counters, MeterRegistry registry) throws IOException {
        this.directory = directory;
        this.sinks = List.copyOf(sinks);
        this.filter = filter;
        this.counters = counters;
        this.registry = registry;
        this.selector = Selector.open();
        try {
            switch (reception) {
                case Reception.Sockets s -> {
                    if (s.vxlan() != null) endpoints.add(new TunnelEndpoint(TunnelEndpoint.Kind.VXLAN, s.vxlan(), s.receiveBuffer(), allow));
                    if (s.geneve() != null) endpoints.add(new TunnelEndpoint(TunnelEndpoint.Kind.GENEVE, s.geneve(), s.receiveBuffer(), allow));
                    for (TunnelEndpoint e : endpoints) e.channel.register(selector, SelectionKey.OP_READ, e);
                    tap = null;
                }
                case Reception.InterfaceRing r -> tap = new InterfaceTap(r, allow, this, d, counters);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        int[] ports = endpoints.stream().mapToInt(e -> e.bound.getPort()).toArray();
        this.socketDrops = tap == null ? new UdpSocketDrops(ports) : null;
        this.directoryVersion = directory.version();
    }

    /** Where datagrams are taken: the bound addresses (port 0 resolved, VXLAN first), or the interface ring. */
    public String receivingOn() {
        if (tap != null) return tap.describe();
        StringBuilder b = new StringBuilder();
        for (TunnelEndpoint e : endpoints) {
            if (!b.isEmpty()) b.append(" and ");
            String h = e.bound.getAddress().getHostAddress();
            b.append(h.indexOf(':') >= 0 ? "[" + h + "]" : h).append(':').append(e.bound.getPort())
                    .append(e.kind == TunnelEndpoint.Kind.VXLAN ? " (VXLAN)" : " (GENEVE)");
        }
        return b + ", receive buffer " + (endpoints.isEmpty() ? 0 : endpoints.getFirst().receiveBufferBytes) + " bytes";
    }

    /** The addresses actually bound (port 0 resolved), VXLAN first; empty when reading an interface ring. */
    public List<InetSocketAddress> boundAddresses() {
        return endpoints.stream().map(e -> e.bound).toList();
    }

    public CollectorCounters counters() { return counters; }

    /** Sessions seen so far, in order of first appearance. */
    public List<MirrorSessionTraffic> sessions() { return sessions.all(); }

    /** Runs the receive loop on the calling thread until {@link #stop()}; then flushes and closes the sinks. */
    public void run() throws IOException {
        try {
            while (running && tap != null) {
                tap.read((int) (TICK_NANOS / 1_000_000));
                idle();
                maybeTick();
            }
            while (running && tap == null) {
                // The action form keeps no selected-key set: no HashMap node per wake-up. Every socket is drained below.
                selector.select(IGNORE_KEY, TICK_NANOS / 1_000_000);
                boolean more = true;
                while (more && running) {
                    more = false;
                    for (int i = 0; i < endpoints.size(); i++) more |= drain(endpoints.get(i));
                    maybeTick();
                }
                idle();
                maybeTick();
            }
        } finally {
            readSocketDrops();
            closeSinks();
        }
    }

    /** Asks the loop to finish (e.g. from a SIGTERM hook); {@link #run()} then flushes and returns. */
    public void stop() {
        running = false;
        selector.wakeup();
    }

    /** @return true when the batch was full, i.e. the socket probably has more */
    private boolean drain(TunnelEndpoint e) throws IOException {
        for (int n = 0; n < BATCH; n++) {
            receiveView.clear().position(d.payloadOffset);
            InetSocketAddress from = (InetSocketAddress) e.channel.receive(receiveView);
            if (from == null) return false;
            d.payloadLength = receiveView.position() - d.payloadOffset;
            handle(e, from);
        }
        return true;
    }

    private void handle(TunnelEndpoint e, InetSocketAddress from) throws IOException {
        counters.received++;
        TunnelEndpoint.Sender s = e.sender(from);
        if (!s.allowed) {
            counters.notAllowed++;
            return;
        }
        clock.read();
        d.seconds = clock.seconds;
        d.nanos = clock.nanos;
        d.senderAddress = s.address;
        d.senderPort = s.port;
        d.localAddress = e.localAddressFor(s, from);
        d.localPort = e.bound.getPort();
        d.outerOffset = -1;
        process(e.kind == TunnelEndpoint.Kind.VXLAN);
    }

    /**
     * Decapsulates, accounts and delivers the datagram now in {@link #d} (payload, addresses, ports and time set,
     * sender allowed); called by the socket path and by {@link InterfaceTap}.
     */
    void process(boolean vxlan) throws IOException {
        Decapsulated t = d.tunnel;
        boolean ok = vxlan
                ? VxlanDecapsulator.decapsulate(d.buffer, d.payloadOffset, d.payloadLength, t)
                : GeneveDecapsulator.decapsulate(d.buffer, d.payloadOffset, d.payloadLength, t);
        if (!ok) {
            counters.malformed[t.status]++;
            if (filter == null) for (int i = 0; i < sinks.size(); i++) sinks.get(i).acceptMalformed(d);
            return;
        }
        FrameSummary inner = d.inner.decode(d.buffer, t.frameOffset, t.frameLength, t.frameLength, LinkType.ETHERNET);
        int declared = declaredFrameLength(d.buffer, inner, t.frameOffset);
        MirrorSessionTraffic session = sessions.get(t.vni);
        if (session == null) session = newSession(t.vni);
        d.session = session;
        if (declared > t.frameLength) {
            d.innerWireLength = declared;
            counters.truncatedAtSource++;
            session.truncated++;
        } else {
            d.innerWireLength = t.frameLength;
        }
        counters.decapsulated++;
        session.packets++;
        session.bytes += d.innerWireLength;
        if (filter != null && !filter.matches(d.buffer, t.frameOffset, t.frameLength, d.innerWireLength)) {
            counters.filteredOut++;
            return;
        }
        for (int i = 0; i < sinks.size(); i++) sinks.get(i).accept(d);
    }

    /**
     * The frame length the inner IP header declares (link header + IPv4 total length or IPv6 40 + payload
     * length), or -1 when it declares nothing. Longer than what arrived means the source cut it: the session's
     * PacketLength or the target MTU (AWS guide, "MTU and packet length").
     */
    static int declaredFrameLength(byte[] b, FrameSummary f, int frameOffset) {
        int l3 = f.l3Offset;
        if (f.ipVersion == 4) return l3 - frameOffset + ((b[l3 + 2] & 0xff) << 8 | (b[l3 + 3] & 0xff));
        if (f.ipVersion == 6) {
            int payload = (b[l3 + 4] & 0xff) << 8 | (b[l3 + 5] & 0xff);
            return payload == 0 ? -1 : l3 - frameOffset + 40 + payload; // 0: a jumbogram (RFC 2675), length elsewhere
        }
        return -1;
    }

    private MirrorSessionTraffic newSession(int vni) {
        MirrorSessionTraffic s = new MirrorSessionTraffic(vni, directory.label(vni));
        sessions.put(vni, s);
        if (registry != null) s.bind(registry);
        return s;
    }

    private void idle() throws IOException {
        for (int i = 0; i < sinks.size(); i++) sinks.get(i).idle();
    }

    private void maybeTick() throws IOException {
        long now = System.nanoTime();
        if (now - lastTick < TICK_NANOS) return;
        lastTick = now;
        clock.calibrate();
        clock.read();
        for (int i = 0; i < sinks.size(); i++) sinks.get(i).tick(clock.seconds, clock.nanos);
        if (now - lastDropRead >= 1_000_000_000L) {
            lastDropRead = now;
            readSocketDrops();
            long v = directory.version();
            if (v != directoryVersion) {
                directoryVersion = v;
                for (MirrorSessionTraffic s : sessions.all()) s.label = directory.label(s.vni);
            }
        }
    }

    private void readSocketDrops() {
        long drops = tap != null ? tap.kernelDrops() : socketDrops.read();
        if (drops >= 0) counters.socketDrops = drops;
    }

    private void closeSinks() throws IOException {
        IOException first = null;
        for (PacketSink s : sinks) {
            try {
                s.close();
            } catch (IOException ex) {
                if (first == null) first = ex;
            }
        }
        if (first != null) throw first;
    }

    /** Releases sockets, ring and nftables table; idempotent. */
    @Override public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        for (TunnelEndpoint e : endpoints) e.close();
        if (tap != null) tap.close();
        if (selector != null) selector.close();
    }
}
