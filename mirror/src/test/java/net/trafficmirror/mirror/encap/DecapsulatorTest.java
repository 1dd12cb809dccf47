package net.trafficmirror.mirror.encap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** VXLAN (RFC 7348 §5), GENEVE (RFC 8926 §3.4) and GWLB's GENEVE-wrapped VXLAN, valid and broken. */
class DecapsulatorTest {
    static final HexFormat HEX = HexFormat.of();
    /** An inner Ethernet + IPv4 + ICMP echo frame (42 bytes). */
    static final byte[] INNER = HEX.parseHex("0a0000000002" + "0a0000000001" + "0800"
            + "4500001c00014000400100000a6400df0a6400b1" + "0800f7ff00000000");

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) { System.arraycopy(p, 0, out, i, p.length); i += p.length; }
        return out;
    }

    @Test void vxlanGivesVniAndInnerFrame() {
        byte[] d = concat(HEX.parseHex("08000000" + "701fd900"), INNER); // VNI 7348185 as in the seed
        Decapsulated out = new Decapsulated();
        assertThat(VxlanDecapsulator.decapsulate(d, 0, d.length, out)).isTrue();
        assertThat(out.vni).isEqualTo(7348185);
        assertThat(out.vxlanFlags).isEqualTo(0x08);
        assertThat(out.outerVni).isEqualTo(-1);
        assertThat(out.frameOffset).isEqualTo(8);
        assertThat(out.frameLength).isEqualTo(INNER.length);
    }

    @Test void vxlanAtAnOffsetIgnoresReservedBits() {
        byte[] d = concat(new byte[5], HEX.parseHex("0cffffff" + "000001ff"), INNER);
        Decapsulated out = new Decapsulated();
        assertThat(VxlanDecapsulator.decapsulate(d, 5, d.length - 5, out)).isTrue();
        assertThat(out.vni).isEqualTo(1);
        assertThat(out.frameOffset).isEqualTo(13);
    }

    @Test void vxlanRefusals() {
        Decapsulated out = new Decapsulated();
        byte[] shortHeader = HEX.parseHex("08000000701fd9");
        assertThat(VxlanDecapsulator.decapsulate(shortHeader, 0, shortHeader.length, out)).isFalse();
        assertThat(out.status).isEqualTo(Decapsulated.SHORT_HEADER);
        byte[] noI = concat(HEX.parseHex("00000000701fd900"), INNER);
        assertThat(VxlanDecapsulator.decapsulate(noI, 0, noI.length, out)).isFalse();
        assertThat(out.status).isEqualTo(Decapsulated.NO_VNI);
        byte[] brokenInner = HEX.parseHex("08000000701fd900" + "0a00000000020a0000");
        assertThat(VxlanDecapsulator.decapsulate(brokenInner, 0, brokenInner.length, out)).isFalse();
        assertThat(out.status).isEqualTo(Decapsulated.BROKEN_INNER_FRAME);
    }

    @Test void geneveEthernetPayloadUsesGeneveVniAndSkipsOptions() {
        // Ver 0, opt len 2 words, proto TEB, VNI 0x000abc, then one 8-byte option.
        byte[] d = concat(HEX.parseHex("02006558" + "000abc00" + "0108010100000001"), INNER);
        Decapsulated out = new Decapsulated();
        assertThat(GeneveDecapsulator.decapsulate(d, 0, d.length, out)).isTrue();
        assertThat(out.vni).isEqualTo(0xabc);
        assertThat(out.frameOffset).isEqualTo(16);
        assertThat(out.frameLength).isEqualTo(INNER.length);
    }

    @Test void geneveWrappedVxlanAsGwlbSendsIt() {
        byte[] vxlan = concat(HEX.parseHex("08000000" + "00002a00"), INNER);
        int udpLen = 8 + vxlan.length;
        byte[] udp = HEX.parseHex(String.format("ff97%04x%04x0000", 4789, udpLen));
        byte[] ip = HEX.parseHex(String.format("4500%04x00004000ff11" + "0000" + "0a6400df" + "0a6400b1", 20 + udpLen));
        byte[] d = concat(HEX.parseHex("00000800" + "12345600"), ip, udp, vxlan);
        Decapsulated out = new Decapsulated();
        assertThat(GeneveDecapsulator.decapsulate(d, 0, d.length, out)).isTrue();
        assertThat(out.vni).isEqualTo(42);
        assertThat(out.outerVni).isEqualTo(0x123456);
        assertThat(out.wrappedIpOffset).isEqualTo(8);
        assertThat(out.frameOffset).isEqualTo(8 + 20 + 8 + 8);
        assertThat(out.frameLength).isEqualTo(INNER.length);
    }

    @Test void geneveRefusals() {
        Decapsulated out = new Decapsulated();
        byte[] v1 = concat(HEX.parseHex("40006558000abc00"), INNER);
        assertThat(GeneveDecapsulator.decapsulate(v1, 0, v1.length, out)).isFalse();
        assertThat(out.status).isEqualTo(Decapsulated.BAD_VERSION);
        byte[] optionsMissing = HEX.parseHex("04006558000abc000108");
        assertThat(GeneveDecapsulator.decapsulate(optionsMissing, 0, optionsMissing.length, out)).isFalse();
        assertThat(out.status).isEqualTo(Decapsulated.SHORT_HEADER);
        byte[] ipNotVxlan = concat(HEX.parseHex("00000800000abc00"), INNER, 14, INNER.length - 14);
        assertThat(GeneveDecapsulator.decapsulate(ipNotVxlan, 0, ipNotVxlan.length, out)).isFalse();
        assertThat(out.status).isEqualTo(Decapsulated.UNSUPPORTED_PAYLOAD);
        byte[] arp = concat(HEX.parseHex("00000806000abc00"), INNER);
        assertThat(GeneveDecapsulator.decapsulate(arp, 0, arp.length, out)).isFalse();
        assertThat(out.status).isEqualTo(Decapsulated.UNSUPPORTED_PAYLOAD);
    }

    @Test void randomBytesNeverThrow() {
        Random r = new Random(5);
        Decapsulated out = new Decapsulated();
        byte[] b = new byte[256];
        for (int i = 0; i < 200_000; i++) {
            r.nextBytes(b);
            int len = r.nextInt(b.length + 1);
            if (r.nextBoolean()) b[0] = (byte) (r.nextBoolean() ? 0x08 : 0x00);
            boolean ok = r.nextBoolean() ? VxlanDecapsulator.decapsulate(b, 0, len, out) : GeneveDecapsulator.decapsulate(b, 0, len, out);
            if (ok) assertThat(out.frameOffset + out.frameLength).isLessThanOrEqualTo(len);
        }
    }

    static byte[] concat(byte[] head, byte[] src, int from, int n) {
        byte[] out = new byte[head.length + n];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(src, from, out, head.length, n);
        return out;
    }
}
