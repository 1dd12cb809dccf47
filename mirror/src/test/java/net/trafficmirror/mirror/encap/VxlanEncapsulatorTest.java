package net.trafficmirror.mirror.encap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;
import org.junit.jupiter.api.Test;

/**
 * Header layout against RFC 7348 §5 and RFC 791/768, and the source-port hash's promises: fixed across runs,
 * symmetric, in 49152–65535, spread over the range. (The byte comparison with Linux's own vxlan device is
 * {@code KernelVxlanComparisonTest} in the agent module, which needs namespaces.)
 */
class VxlanEncapsulatorTest {
    // Ethernet + IPv4 + TCP SYN 10.100.0.223:33962 -> 18.209.184.162:80, as in the seed's flow.
    static final byte[] SYN = HexFormat.of().parseHex(
            "0200000000b1020000000a0108004500003c1c4640004006a9c40a6400df12d1b8a284aa0050"
            + "78696d6000000000a002faf0abcd0000020405b40402080a10f0d1750000000001030308");

    static FrameSummary decode(byte[] f) { return new FrameSummary().decode(f, 0, f.length, f.length, LinkType.ETHERNET); }

    @Test
    void writesRfc7348HeadersAndAValidIpv4Checksum() {
        byte[] out = new byte[36];
        int n = VxlanEncapsulator.writeIpv4(MemorySegment.ofArray(out), 0, 0x0a6400df, 0x0a6400b1, 0, 65431, 4789, 7348185, 100);
        assertThat(n).isEqualTo(36);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo(
                "4500008800000000" + "4011" + HexFormat.of().formatHex(new byte[] {out[10], out[11]}) + "0a6400df0a6400b1"
                + "ff9712b500740000" + "08000000701fd900");
        // RFC 1071: the one's-complement sum over a header with its checksum is 0xffff.
        int sum = 0;
        for (int i = 0; i < 20; i += 2) sum += (out[i] & 0xff) << 8 | out[i + 1] & 0xff;
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
        assertThat(sum).isEqualTo(0xffff);
    }

    @Test
    void vniKeepsItsLow24Bits() {
        byte[] out = new byte[8];
        VxlanEncapsulator.writeVxlan(MemorySegment.ofArray(out), 0, 0xffffff);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo("08000000ffffff00");
    }

    @Test
    void sourcePortIsFixedSymmetricAndInTheDynamicRange() {
        FrameSummary syn = decode(SYN);
        // A regression anchor: the mapping must not change between releases (a flow keeps its port).
        assertThat(VxlanEncapsulator.sourcePort(syn)).isEqualTo(VxlanEncapsulator.sourcePort(decode(SYN.clone())));
        byte[] reply = SYN.clone();
        // swap IPv4 addresses (26..29 <-> 30..33) and TCP ports (34..35 <-> 36..37)
        for (int i = 0; i < 4; i++) { byte t = reply[26 + i]; reply[26 + i] = reply[30 + i]; reply[30 + i] = t; }
        for (int i = 0; i < 2; i++) { byte t = reply[34 + i]; reply[34 + i] = reply[36 + i]; reply[36 + i] = t; }
        assertThat(VxlanEncapsulator.sourcePort(decode(reply))).isEqualTo(VxlanEncapsulator.sourcePort(syn));
        Set<Integer> ports = new HashSet<>();
        for (int p = 1024; p < 1024 + 2000; p++) {
            byte[] f = SYN.clone();
            f[34] = (byte) (p >>> 8);
            f[35] = (byte) p;
            int port = VxlanEncapsulator.sourcePort(decode(f));
            assertThat(port).isBetween(49152, 65535);
            ports.add(port);
        }
        // 2000 flows into 16384 ports: a uniform hash leaves about 1880 distinct values.
        assertThat(ports.size()).isGreaterThan(1800);
    }

    @Test
    void sourcePortOfAFlowWithoutPortsUsesAddressesAndProtocol() {
        byte[] icmp = SYN.clone();
        icmp[23] = 1; // protocol ICMP: ports no longer count
        FrameSummary s = decode(icmp);
        assertThat(s.srcPort).isEqualTo(-1);
        byte[] other = icmp.clone();
        other[34] ^= 0x55; // what would have been a port
        assertThat(VxlanEncapsulator.sourcePort(decode(other))).isEqualTo(VxlanEncapsulator.sourcePort(s));
    }
}
