package net.trafficmirror.mirror.encap;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import net.trafficmirror.packet.FrameSummary;

/**
 * Writes the outer headers AWS Traffic Mirroring puts around a mirrored frame: IPv4, UDP to port 4789 and VXLAN
 * (RFC 7348 §5), ahead of the inner Ethernet frame as captured. Nothing here allocates.
 *
 * <pre>
 *  outer IPv4 (RFC 791), 20 bytes      version 4, IHL 5, TOS 0, total length, id, flags 0 (DF clear), TTL 64,
 *                                      protocol 17, header checksum, source = the source interface's primary
 *                                      address, destination = the target
 *  outer UDP (RFC 768), 8 bytes        source port = flow hash (below), destination 4789, length, checksum 0
 *                                      (RFC 7348 §5: "SHOULD be transmitted as zero" over IPv4)
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |R|R|R|R|I|R|R|R|            Reserved                           |   VXLAN, 8 bytes: flags 0x08 (I: VNI valid)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                VXLAN Network Identifier (VNI) |   Reserved    |   the session's VirtualNetworkId
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The IPv4 fields match what Linux's own vxlan device sends with its defaults (TTL 64, TOS 0, DF clear, UDP
 * checksum 0), which the agent's tests compare byte for byte.
 *
 * <p><b>Source port.</b> AWS: "determined by a 5-tuple hash of the original L2 packet, for ICMP, TCP, and UDP
 * flows. For other flows … a 3-tuple hash". We hash protocol, addresses and ports (addresses and protocol alone
 * when the packet has no ports: ICMP, a later fragment, any other protocol; the ethertype for non-IP frames). The
 * hash is symmetric, so both directions of a flow leave with one port (as Linux's flow hash is), and fixed: no
 * per-process seed, so a flow keeps its port across agent restarts. It is mapped into 49152–65535, the IANA dynamic
 * range (RFC 6335 §6), not Linux's 32768–60999: the seed's capture shows AWS using 65431, outside Linux's range.
 */
public final class VxlanEncapsulator {
    public static final int VXLAN_PORT = 4789;
    public static final int IPV4_HEADER = 20, UDP_HEADER = 8, VXLAN_HEADER = 8;
    /** Outer bytes ahead of the inner frame on an IPv4 path: what the target MTU must hold besides the frame. */
    public static final int IPV4_OVERHEAD = IPV4_HEADER + UDP_HEADER + VXLAN_HEADER;
    public static final int SOURCE_PORT_BASE = 49152;
    /** 0x08: only the I flag (RFC 7348 §5). */
    public static final int VXLAN_FLAGS = 0x08;
    private static final int TTL = 64;
    private static final ValueLayout.OfShort SHORT = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT = JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private VxlanEncapsulator() {}

    /**
     * Writes outer IPv4, UDP and VXLAN headers ({@link #IPV4_OVERHEAD} bytes) at {@code out[off]}, for an inner frame
     * of {@code innerLength} bytes that follows them.
     *
     * @param source      outer source IPv4 address as an unsigned 32-bit value
     * @param destination outer destination IPv4 address
     * @param ipId        the IPv4 identification; 0 lets Linux pick one when sent through a raw socket
     * @return the number of bytes written
     */
    public static int writeIpv4(MemorySegment out, long off, int source, int destination, int ipId,
                                int sourcePort, int destinationPort, int vni, int innerLength) {
        int udpLength = UDP_HEADER + VXLAN_HEADER + innerLength;
        out.set(JAVA_BYTE, off, (byte) 0x45);
        out.set(JAVA_BYTE, off + 1, (byte) 0);
        out.set(SHORT, off + 2, (short) (IPV4_HEADER + udpLength));
        out.set(SHORT, off + 4, (short) ipId);
        out.set(SHORT, off + 6, (short) 0);
        out.set(JAVA_BYTE, off + 8, (byte) TTL);
        out.set(JAVA_BYTE, off + 9, (byte) FrameSummary.PROTO_UDP);
        out.set(SHORT, off + 10, (short) 0);
        out.set(INT, off + 12, source);
        out.set(INT, off + 16, destination);
        out.set(SHORT, off + 10, (short) ipv4Checksum(out, off));
        long u = off + IPV4_HEADER;
        out.set(SHORT, u, (short) sourcePort);
        out.set(SHORT, u + 2, (short) destinationPort);
        out.set(SHORT, u + 4, (short) udpLength);
        out.set(SHORT, u + 6, (short) 0);
        writeVxlan(out, u + UDP_HEADER, vni);
        return IPV4_OVERHEAD;
    }

    /** Writes the 8-byte VXLAN header: flags 0x08, reserved zero, the 24-bit VNI, reserved zero. */
    public static void writeVxlan(MemorySegment out, long off, int vni) {
        out.set(INT, off, VXLAN_FLAGS << 24);
        out.set(INT, off + 4, (vni & 0xffffff) << 8);
    }

    /** RFC 1071 one's-complement sum over the 20-byte header (its checksum field zero). */
    static int ipv4Checksum(MemorySegment h, long off) {
        int sum = 0;
        for (int i = 0; i < IPV4_HEADER; i += 2) sum += Short.toUnsignedInt(h.get(SHORT, off + i));
        sum = (sum & 0xffff) + (sum >>> 16);
        sum += sum >>> 16;
        return ~sum & 0xffff;
    }

    /** The outer UDP source port for the frame {@code s} describes (see the class comment), in 49152–65535. */
    public static int sourcePort(FrameSummary s) {
        long h;
        if (s.ipVersion == 0) {
            h = mix(s.etherType);
        } else {
            boolean ports = s.srcPort >= 0 && s.dstPort >= 0;
            int sp = ports ? s.srcPort : 0, dp = ports ? s.dstPort : 0;
            // Order the endpoints so that A->B and B->A hash alike.
            boolean srcFirst = Long.compareUnsigned(s.srcHi, s.dstHi) < 0
                    || s.srcHi == s.dstHi && (Long.compareUnsigned(s.srcLo, s.dstLo) < 0 || s.srcLo == s.dstLo && sp <= dp);
            long aHi = srcFirst ? s.srcHi : s.dstHi, aLo = srcFirst ? s.srcLo : s.dstLo;
            long bHi = srcFirst ? s.dstHi : s.srcHi, bLo = srcFirst ? s.dstLo : s.srcLo;
            int aPort = srcFirst ? sp : dp, bPort = srcFirst ? dp : sp;
            h = mix(s.protocol);
            h = mix(h ^ aHi);
            h = mix(h ^ aLo);
            h = mix(h ^ bHi);
            h = mix(h ^ bLo);
            h = mix(h ^ ((long) aPort << 16 | bPort));
        }
        return SOURCE_PORT_BASE | (int) (h >>> 50);
    }

    /** MurmurHash3's 64-bit finaliser (fmix64): every input bit affects every output bit. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
