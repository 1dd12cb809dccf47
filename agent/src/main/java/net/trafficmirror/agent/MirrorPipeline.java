package net.trafficmirror.agent;

import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import net.trafficmirror.linux.FrameHandler;
import net.trafficmirror.linux.PacketRing;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.encap.VxlanEncapsulator;
import net.trafficmirror.mirror.eval.InterfacePlan;
import net.trafficmirror.mirror.eval.SessionPlan;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;

/**
 * The source side of AWS Traffic Mirroring for one interface, frame by frame: direction (from sll_pkttype),
 * decode, the agent's own traffic set aside, session and filter evaluation ({@link InterfacePlan}), truncation to
 * the session's packet length and to the path's MTU, VXLAN encapsulation ({@link VxlanEncapsulator}) straight
 * into the sink's send slot, and a batched, non-blocking send. Nothing is allocated per frame.
 *
 * <p><b>Threads.</b> One thread calls {@link #onFrame}, {@link #flush} and {@link #applyOfferedPlan} (the capture
 * loop). Any thread may {@link #offer} a new plan: it is prepared there (targets resolved, path MTUs read) and
 * swapped in between two batches, so a configuration change never stops capture.
 *
 * <p><b>Directions.</b> PACKET_OUTGOING is egress; PACKET_HOST, BROADCAST and MULTICAST are ingress.
 * PACKET_OTHERHOST (frames for other hosts, seen when the interface is promiscuous) and PACKET_LOOPBACK (this host's
 * own multicast looped back, already seen going out) are not the interface's traffic as AWS sees an ENI's: they are
 * counted as {@link NotMirroredReason#OTHER_HOST} and never mirrored.
 *
 * <p><b>No feedback loops.</b> A UDP packet from the outer source address to a target's address and port is the
 * agent's own tunnel traffic (its source port varies with the flow hash, so the destination decides); a TCP packet
 * to or from the control-plane endpoint is the agent's control connection. Neither is mirrored, even when the target
 * or the control plane is reached through the mirrored interface; nor are ICMP errors quoting a tunnel packet (a
 * target without a socket on 4789 answers each one with a port unreachable). Targets of the previous configuration
 * are recognised too, for packets still in flight across a reload.
 *
 * <p><b>Oversize frames.</b> Segmentation offload (GSO/TSO on the way out, GRO on the way in) hands AF_PACKET
 * super-packets up to 64 KiB. A frame whose encapsulation would exceed the path MTU toward the target is cut to
 * fit and counted ({@link TrafficCounters#truncatedToMtu}), as AWS truncates mirrored packets larger than the
 * target's MTU; nothing oversize is sent, and nothing is cut silently.
 */
public final class MirrorPipeline implements FrameHandler {
    /** Bytes of each frame copied to the heap for decoding: Ethernet, VLAN tags, IPv6 extension headers, TCP. */
    static final int HEAD = 256;
    private static final int OUTER = VxlanEncapsulator.IPV4_OVERHEAD;
    private static final java.lang.foreign.ValueLayout.OfShort BE16 = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** A session with its resolved target and counters. */
    record Route(SessionPlan session, TunnelTarget target, SessionCounters counters, int maxInner) {}

    /** A prepared configuration: the plan and, per session index, its route; plus tunnel keys to ignore. */
    record Routes(InterfacePlan plan, Route[] routes, long[] tunnelKeys) {}

    private final InterfaceCounters counters;
    private final TunnelSink sink;
    private final int source32;
    private final long controlHi, controlLo;
    private final int controlVersion, controlPort;
    private final Map<String, SessionCounters> sessionCounters = new ConcurrentHashMap<>();
    private final Map<Long, TunnelTarget> targetCache = new HashMap<>();
    private final AtomicReference<Routes> offered = new AtomicReference<>();
    private volatile Routes current;

    private final FrameSummary summary = new FrameSummary();
    private final byte[] head = new byte[HEAD];
    private final MemorySegment headSegment = MemorySegment.ofArray(head);
    private int queued;
    /**
     * The outer IPv4 identification: a counter per pipeline from a random start, so that pipelines of one agent
     * (--threads) and restarts rarely reuse an id toward the same target (RFC 6864 §4: ids matter for reassembly;
     * DF is clear, as on Linux's vxlan device, so a router may fragment).
     */
    private int ipId = java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000);
    private final int[] queuedRoute, queuedDirection, queuedBytes;

    /**
     * @param source       the outer source address: the interface's primary IPv4 address
     * @param controlPlane the control-plane endpoint whose connection is never mirrored, or null
     */
    public MirrorPipeline(InterfaceCounters counters, TunnelSink sink, Inet4Address source, InetSocketAddress controlPlane) {
        this.counters = counters;
        this.sink = sink;
        byte[] s = source.getAddress();
        source32 = (s[0] & 0xff) << 24 | (s[1] & 0xff) << 16 | (s[2] & 0xff) << 8 | s[3] & 0xff;
        if (controlPlane != null && controlPlane.getAddress() != null) {
            byte[] a = controlPlane.getAddress().getAddress();
            controlVersion = a.length == 4 ? 4 : 6;
            controlHi = a.length == 4 ? u32(a, 0) : u32(a, 0) << 32 | u32(a, 4);
            controlLo = a.length == 4 ? 0 : u32(a, 8) << 32 | u32(a, 12);
            controlPort = controlPlane.getPort();
        } else {
            controlVersion = 0;
            controlHi = controlLo = 0;
            controlPort = -1;
        }
        queuedRoute = new int[sink.capacity()];
        queuedDirection = new int[sink.capacity()];
        queuedBytes = new int[sink.capacity()];
        current = new Routes(null, new Route[0], new long[0]);
    }

    private static long u32(byte[] a, int i) {
        return ((long) (a[i] & 0xff) << 24) | (a[i + 1] & 0xff) << 16 | (a[i + 2] & 0xff) << 8 | (a[i + 3] & 0xff);
    }

    public InterfaceCounters counters() { return counters; }

    /** Counters of every session seen since start, including sessions since deleted. */
    public Collection<SessionCounters> sessionCounters() { return sessionCounters.values(); }

    /** The plan in force (null before the first). */
    public InterfacePlan plan() { return current.plan(); }

    /**
     * Prepares {@code plan} on the calling thread and hands it to the capture loop, which swaps it in between two
     * batches ({@link #applyOfferedPlan}).
     *
     * @throws IOException              when a target's path cannot be looked up
     * @throws IllegalArgumentException when a target cannot be served (e.g. an IPv6 target)
     */
    public synchronized void offer(InterfacePlan plan) throws IOException {
        List<SessionPlan> sessions = plan.sessions();
        Route[] routes = new Route[sessions.size()];
        Map<Long, TunnelTarget> used = new LinkedHashMap<>();
        for (int i = 0; i < routes.length; i++) {
            SessionPlan s = sessions.get(i);
            TunnelTarget t = target(s.targetAddress(), s.targetPort() == 0 ? VxlanEncapsulator.VXLAN_PORT : s.targetPort(), s.targetMtu());
            used.put(key(t.address32, t.port), t);
            SessionCounters c = sessionCounters.computeIfAbsent(s.sessionId(), id -> new SessionCounters(id, s.vni()));
            int maxInner = Math.min(t.maxInner, sink.slotSize() - OUTER);
            routes[i] = new Route(s, t, c, maxInner);
        }
        sink.targets(used.values());
        List<Long> keys = new ArrayList<>(used.keySet());
        Routes previous = offered.get() != null ? offered.get() : current;
        for (long k : previous.tunnelKeys()) if (!keys.contains(k)) keys.add(k);
        targetCache.keySet().retainAll(keys);
        offered.set(new Routes(plan, routes, keys.stream().mapToLong(Long::longValue).toArray()));
    }

    private TunnelTarget target(InetAddress address, int port, int targetMtu) throws IOException {
        if (address == null) throw new IllegalArgumentException("a session's target has no address");
        long key = address instanceof Inet4Address ? key(TunnelTarget.address32(address), port) : -1;
        TunnelTarget t = targetCache.get(key);
        if (t == null) {
            int mtu = address instanceof Inet4Address ? sink.pathMtu(address) : 0;
            if (targetMtu > 0) mtu = Math.min(mtu, targetMtu);
            t = new TunnelTarget(address, port, mtu - OUTER);
            targetCache.put(key, t);
        }
        return t;
    }

    private static long key(int address32, int port) { return Integer.toUnsignedLong(address32) << 16 | port; }

    /** Swaps in a plan offered since the last call, after sending what is queued. Capture thread only. */
    public boolean applyOfferedPlan() {
        Routes next = offered.getAndSet(null);
        if (next == null) return false;
        flush();
        current = next;
        return true;
    }

    @Override
    public void onFrame(MemorySegment frame, long offset, int capturedLength, int wireLength, int packetType,
                        long timestampNanos, int vlanTci, int vlanTpid) {
        int dir = packetType == PacketRing.PACKET_OUTGOING ? TrafficCounters.OUT : TrafficCounters.IN;
        counters.seen[dir]++;
        if (packetType == PacketRing.PACKET_OTHERHOST || packetType == PacketRing.PACKET_LOOPBACK) {
            counters.notMirrored[dir][NotMirroredReason.OTHER_HOST.ordinal()]++;
            return;
        }
        MemorySegment.copy(frame, offset, headSegment, 0, Math.min(capturedLength, HEAD));
        FrameSummary s = summary.decode(head, 0, capturedLength, wireLength, LinkType.ETHERNET);
        Routes r = current;
        if (isOwnTunnel(s, r) || isErrorAboutOwnTunnel(s, Math.min(capturedLength, HEAD), r)) {
            counters.notMirrored[dir][NotMirroredReason.OWN_TUNNEL.ordinal()]++;
            return;
        }
        if (isControlPlane(s)) {
            counters.notMirrored[dir][NotMirroredReason.OWN_CONTROL.ordinal()]++;
            return;
        }
        int decision = r.plan() == null ? InterfacePlan.NO_SESSIONS
                : r.plan().decide(s, dir == TrafficCounters.IN ? Direction.INGRESS : Direction.EGRESS);
        if (decision < 0) {
            counters.notMirrored[dir][NotMirroredReason.of(decision).ordinal()]++;
            return;
        }
        Route route = r.routes()[decision];
        int frameLength = capturedLength + (vlanTci >= 0 ? 4 : 0);
        int inner = route.session().truncatedLength(frameLength, s.ipVersion);
        if (inner < frameLength) {
            counters.truncatedToPacketLength[dir]++;
            route.counters().truncatedToPacketLength[dir]++;
        }
        if (inner > route.maxInner()) {
            inner = route.maxInner();
            counters.truncatedToMtu[dir]++;
            route.counters().truncatedToMtu[dir]++;
        }
        TunnelTarget t = route.target();
        long at = sink.claim(queued, t);
        if (at < 0) {
            skipped(dir, inner, route.counters());
            return;
        }
        MemorySegment out = sink.buffer(queued);
        ipId = ipId + 1 & 0xffff;
        VxlanEncapsulator.writeIpv4(out, at, source32, t.address32, ipId, VxlanEncapsulator.sourcePort(s),
                t.port, route.session().vni(), inner);
        copyInner(frame, offset, out, at + OUTER, inner, vlanTci, vlanTpid);
        sink.stage(queued, OUTER + inner, t);
        queuedRoute[queued] = decision;
        queuedDirection[queued] = dir;
        queuedBytes[queued] = inner;
        if (++queued == queuedRoute.length) flush();
    }

    /**
     * Copies the first {@code inner} bytes of the frame as it was on the wire: when the driver stripped an 802.1Q
     * tag (VLAN offload), it goes back after the MAC addresses, as libpcap does for tcpdump.
     */
    private static void copyInner(MemorySegment frame, long offset, MemorySegment out, long to, int inner, int vlanTci, int vlanTpid) {
        if (vlanTci < 0) {
            MemorySegment.copy(frame, offset, out, to, inner);
            return;
        }
        int macs = Math.min(12, inner);
        MemorySegment.copy(frame, offset, out, to, macs);
        if (inner >= 16) {
            out.set(BE16, to + 12, (short) vlanTpid);
            out.set(BE16, to + 14, (short) vlanTci);
            MemorySegment.copy(frame, offset + 12, out, to + 16, inner - 16);
        } else if (inner > 12) {
            byte[] tag = {(byte) (vlanTpid >>> 8), (byte) vlanTpid, (byte) (vlanTci >>> 8), (byte) vlanTci};
            MemorySegment.copy(MemorySegment.ofArray(tag), 0, out, to + 12, inner - 12);
        }
    }

    private boolean isOwnTunnel(FrameSummary s, Routes r) {
        if (s.ipVersion != 4 || s.protocol != FrameSummary.PROTO_UDP || s.srcHi != Integer.toUnsignedLong(source32)) return false;
        return isTunnelKey(s.dstHi << 16 | s.dstPort, r);
    }

    private boolean isTunnelKey(long key, Routes r) {
        for (long k : r.tunnelKeys()) if (k == key) return true;
        Routes pending = offered.get();
        if (pending != null) for (long k : pending.tunnelKeys()) if (k == key) return true;
        return false;
    }

    /**
     * An ICMP error (RFC 792: unreachable, source quench, redirect, time exceeded, parameter problem) quoting one of
     * the agent's tunnel packets, e.g. the port unreachable a target with no socket on 4789 answers every VXLAN
     * packet with. Mirroring it would send VXLAN that causes another error: a loop.
     */
    private boolean isErrorAboutOwnTunnel(FrameSummary s, int end, Routes r) {
        if (s.ipVersion != 4 || s.protocol != FrameSummary.PROTO_ICMP || s.l4Offset < 0) return false;
        int type = s.icmpType;
        if (type != 3 && type != 4 && type != 5 && type != 11 && type != 12) return false;
        int q = s.l4Offset + 8;
        if (end - q < 20 || (head[q] & 0xf0) != 0x40 || head[q + 9] != FrameSummary.PROTO_UDP
                || be32(q + 12) != Integer.toUnsignedLong(source32)) return false;
        int u = q + (head[q] & 0x0f) * 4;
        if (end - u < 4) return false;
        return isTunnelKey(be32(q + 16) << 16 | (head[u + 2] & 0xff) << 8 | head[u + 3] & 0xff, r);
    }

    private long be32(int i) {
        return ((long) (head[i] & 0xff) << 24) | (head[i + 1] & 0xff) << 16 | (head[i + 2] & 0xff) << 8 | (head[i + 3] & 0xff);
    }

    private boolean isControlPlane(FrameSummary s) {
        if (controlVersion == 0 || s.protocol != FrameSummary.PROTO_TCP || s.ipVersion != controlVersion) return false;
        return s.dstHi == controlHi && s.dstLo == controlLo && s.dstPort == controlPort
                || s.srcHi == controlHi && s.srcLo == controlLo && s.srcPort == controlPort;
    }

    /** Sends what is queued; what the sink could not take is counted as skipped. Capture thread only. */
    public void flush() {
        if (queued == 0) return;
        sink.send(queued);
        Route[] routes = current.routes();
        for (int i = 0; i < queued; i++) {
            int dir = queuedDirection[i], bytes = queuedBytes[i];
            SessionCounters c = routes[queuedRoute[i]].counters();
            if (sink.sent(i)) {
                counters.mirroredPackets[dir]++;
                counters.mirroredBytes[dir] += bytes;
                c.mirroredPackets[dir]++;
                c.mirroredBytes[dir] += bytes;
            } else {
                skipped(dir, bytes, c);
            }
        }
        queued = 0;
    }

    /** A packet a session accepted that the send path had no room for: shed, and counted as AWS's NetworkSkipMirror. */
    private void skipped(int dir, int bytes, SessionCounters c) {
        counters.skippedPackets[dir]++;
        counters.skippedBytes[dir] += bytes;
        c.skippedPackets[dir]++;
        c.skippedBytes[dir] += bytes;
    }
}
