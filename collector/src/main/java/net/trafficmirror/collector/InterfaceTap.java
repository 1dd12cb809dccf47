package net.trafficmirror.collector;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.linux.ErrnoException;
import net.trafficmirror.linux.FrameHandler;
import net.trafficmirror.linux.InterfaceFacts;
import net.trafficmirror.linux.PacketRing;

/**
 * Takes tunnel datagrams from an interface's TPACKET_V3 ring, the way tcpdump captures (packet_mmap.rst): a
 * classic BPF program in the kernel passes only unfragmented IPv4/IPv6 UDP to the VXLAN or GENEVE port, whole
 * blocks of frames are read without a system call per datagram, and the real outer headers and kernel
 * timestamps are kept. Only frames addressed to this host (PACKET_HOST) count: not what it sends itself.
 *
 * <p>With {@code dropInKernel} an nftables table (named after this process) drops those datagrams at input, after
 * the ring saw them, so the kernel neither queues them on a socket nor answers with ICMP port unreachable; it is
 * deleted at close.
 */
final class InterfaceTap implements FrameHandler, AutoCloseable {
    private static final int ETH = 14, UDP = 8;
    private static final int MAX_CACHED = 64;

    private final PacketRing ring;
    private final String interfaceName;
    private final int vxlanPort, genevePort;
    private final SenderAllowList allow;
    private final Collector collector;
    private final TunnelDatagram d;
    private final CollectorCounters counters;
    private final String nftTable;
    /** Sender and local addresses seen so far, so the per-packet path reuses their byte arrays. */
    private final byte[][] senders = new byte[MAX_CACHED][], locals = new byte[MAX_CACHED][];
    private final boolean[] senderAllowed = new boolean[MAX_CACHED];
    private int senderCount, localCount;

    InterfaceTap(Reception.InterfaceRing r, SenderAllowList allow, Collector collector, TunnelDatagram d,
                 CollectorCounters counters) throws IOException {
        this.interfaceName = r.interfaceName();
        this.vxlanPort = r.vxlanPort();
        this.genevePort = r.genevePort() == 0 ? r.vxlanPort() : r.genevePort();
        this.allow = allow;
        this.collector = collector;
        this.d = d;
        this.counters = counters;
        int ifindex;
        try {
            ifindex = InterfaceFacts.of(interfaceName).index();
        } catch (IOException e) {
            throw new IOException("--capture " + interfaceName + ": " + e.getMessage(), e);
        }
        int blockSize = 1 << 22;
        try {
            ring = PacketRing.open(ifindex, blockSize, Math.max(2, r.ringBytes() / blockSize), 50, tunnelFilter());
        } catch (ErrnoException e) {
            throw new IOException("--capture " + interfaceName + ": " + e.getMessage() + " (needs CAP_NET_RAW)", e);
        }
        try {
            nftTable = r.dropInKernel() ? installDrop() : null;
        } catch (IOException | RuntimeException e) {
            ring.close();
            throw e;
        }
    }

    String describe() {
        return "interface " + interfaceName + " ring, UDP " + vxlanPort + " (VXLAN)"
                + (genevePort != vxlanPort ? " and " + genevePort + " (GENEVE)" : "")
                + (nftTable != null ? ", nftables table inet " + nftTable + " drops them after capture" : "");
    }

    /**
     * Classic BPF (linux/filter.h), equivalent to tcpdump's
     * {@code (ip and udp and ip[6:2] & 0x1fff = 0 and udp dst port (V or G)) or (ip6 and ip6[6] = 17 and udp dst port (V or G))}.
     */
    private int[][] tunnelFilter() {
        int v = vxlanPort, g = genevePort;
        return new int[][] {
                {0x28, 0, 0, 12},            // 0  ldh [12]            ethertype
                {0x15, 0, 8, 0x0800},        // 1  jeq IPv4, else 10
                {0x30, 0, 0, 23},            // 2  ldb [23]            IPv4 protocol
                {0x15, 0, 13, 17},           // 3  jeq UDP, else drop
                {0x28, 0, 0, 20},            // 4  ldh [20]            flags + fragment offset
                {0x45, 11, 0, 0x1fff},       // 5  jset offset: a later fragment, drop
                {0xb1, 0, 0, 14},            // 6  ldxb 4*([14]&0xf)   IPv4 header length
                {0x48, 0, 0, 16},            // 7  ldh [x+16]          UDP destination port
                {0x15, 7, 0, v},             // 8  jeq VXLAN port: accept
                {0x15, 6, 7, g},             // 9  jeq GENEVE port: accept, else drop
                {0x15, 0, 6, 0x86dd},        // 10 jeq IPv6, else drop
                {0x30, 0, 0, 20},            // 11 ldb [20]            next header
                {0x15, 0, 4, 17},            // 12 jeq UDP, else drop
                {0x28, 0, 0, 56},            // 13 ldh [56]            UDP destination port
                {0x15, 1, 0, v},             // 14 jeq VXLAN port: accept
                {0x15, 0, 1, g},             // 15 jeq GENEVE port: accept, else drop
                {0x06, 0, 0, 262144},        // 16 accept
                {0x06, 0, 0, 0}};            // 17 drop
    }

    private String installDrop() throws IOException {
        String table = "tmirror_collector_" + ProcessHandle.current().pid();
        String ports = vxlanPort == genevePort ? Integer.toString(vxlanPort) : vxlanPort + ", " + genevePort;
        nft("add table inet " + table + "\n"
                + "add chain inet " + table + " input { type filter hook input priority 0; }\n"
                + "add rule inet " + table + " input iifname \"" + interfaceName + "\" udp dport { " + ports + " } drop\n");
        return table;
    }

    private static void nft(String script) throws IOException {
        Process p = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("nft failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running nft");
        }
    }

    /** Delivers the ready blocks, waiting up to {@code timeoutMillis} for one. */
    void read(int timeoutMillis) throws IOException {
        try {
            ring.read(this, timeoutMillis);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    long kernelDrops() {
        try {
            return ring.statistics().drops();
        } catch (ErrnoException e) {
            return -1;
        }
    }

    @Override public void onFrame(MemorySegment r, long off, int caplen, int wirelen, int packetType,
                                  long timestampNanos, int vlanTci, int vlanTpid) {
        if (packetType != PacketRing.PACKET_HOST || caplen < ETH + 20 + UDP) return;
        int type = (r.get(JAVA_BYTE, off + 12) & 0xff) << 8 | (r.get(JAVA_BYTE, off + 13) & 0xff);
        int ipHeader;
        if (type == 0x0800) ipHeader = (r.get(JAVA_BYTE, off + ETH) & 0x0f) * 4;
        else if (type == 0x86dd) ipHeader = 40;
        else return;
        int header = ETH + ipHeader + UDP;
        if (ipHeader < 20 || header > d.payloadOffset || caplen < header) return;
        int start = d.payloadOffset - header;
        int copy = Math.min(caplen, d.buffer.length - start);
        MemorySegment.copy(r, JAVA_BYTE, off, d.buffer, start, copy);
        counters.received++;
        byte[] b = d.buffer;
        int ip = start + ETH, udp = ip + ipHeader;
        boolean v4 = type == 0x0800;
        int senderIndex = v4 ? senderOf(b, ip + 12, 4) : senderOf(b, ip + 8, 16);
        if (!senderAllowed[senderIndex]) {
            counters.notAllowed++;
            return;
        }
        d.senderAddress = senders[senderIndex];
        d.localAddress = v4 ? localOf(b, ip + 16, 4) : localOf(b, ip + 24, 16);
        d.senderPort = (b[udp] & 0xff) << 8 | (b[udp + 1] & 0xff);
        d.localPort = (b[udp + 2] & 0xff) << 8 | (b[udp + 3] & 0xff);
        int udpLength = (b[udp + 4] & 0xff) << 8 | (b[udp + 5] & 0xff);
        d.payloadLength = Math.max(0, Math.min(udpLength - UDP, copy - header));
        d.outerOffset = start;
        d.seconds = Math.floorDiv(timestampNanos, 1_000_000_000L);
        d.nanos = (int) Math.floorMod(timestampNanos, 1_000_000_000L);
        try {
            collector.process(d.localPort == vxlanPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int senderOf(byte[] b, int at, int len) {
        for (int i = 0; i < senderCount; i++) {
            byte[] s = senders[i];
            if (s.length == len && Arrays.equals(s, 0, len, b, at, at + len)) return i;
        }
        if (senderCount == MAX_CACHED) senderCount = 0; // many senders: start over, a few arrays per refill
        byte[] s = Arrays.copyOfRange(b, at, at + len);
        senders[senderCount] = s;
        senderAllowed[senderCount] = allow.allows(s);
        return senderCount++;
    }

    private byte[] localOf(byte[] b, int at, int len) {
        for (int i = 0; i < localCount; i++) {
            byte[] s = locals[i];
            if (s.length == len && Arrays.equals(s, 0, len, b, at, at + len)) return s;
        }
        if (localCount == MAX_CACHED) localCount = 0;
        byte[] s = Arrays.copyOfRange(b, at, at + len);
        locals[localCount++] = s;
        return s;
    }

    @Override public void close() throws IOException {
        ring.close();
        if (nftTable != null) nft("delete table inet " + nftTable + "\n");
    }
}
