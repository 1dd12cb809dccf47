package net.trafficmirror.collector;

import net.trafficmirror.mirror.encap.Decapsulated;
import net.trafficmirror.packet.FrameSummary;

/**
 * One received tunnel datagram and the mirrored frame inside it, reused for every datagram. The buffer keeps
 * {@link #HEADROOM} free bytes before the UDP payload, so a sink that needs the datagram as tcpdump would have
 * captured it can rebuild the outer Ethernet/IP/UDP headers in place ({@link OuterHeaders}).
 */
public final class TunnelDatagram {
    /** Room for the outer headers before the payload: Ethernet (14) + IPv4 with options (60) + UDP (8), rounded up. */
    public static final int HEADROOM = 96;
    /** The largest UDP payload (65535 − 8 − 20): jumbo frames and more arrive whole. */
    public static final int MAX_PAYLOAD = 65507;

    public final byte[] buffer = new byte[HEADROOM + MAX_PAYLOAD + 1];
    public final int payloadOffset = HEADROOM;
    public int payloadLength;
    /**
     * Where the real outer Ethernet frame starts when it was captured from an interface ring, or -1 when the
     * datagram came through a UDP socket (then {@link OuterHeaders} rebuilds what it can).
     */
    public int outerOffset = -1;

    /** Arrival time (wall clock). */
    public long seconds;
    public int nanos;

    /** Sender and receiver as raw addresses (4 or 16 bytes) and ports. */
    public byte[] senderAddress;
    public int senderPort;
    public byte[] localAddress;
    public int localPort;

    public final Decapsulated tunnel = new Decapsulated();
    /** Summary of the inner frame (ports, addresses, flags) for filters and flow records. */
    public final FrameSummary inner = new FrameSummary();
    /** The inner frame's length before any truncation at the source (≥ {@link Decapsulated#frameLength}). */
    public int innerWireLength;
    public MirrorSessionTraffic session;

    public int frameOffset() { return tunnel.frameOffset; }

    public int frameLength() { return tunnel.frameLength; }
}
