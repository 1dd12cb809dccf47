package net.trafficmirror.mirror.eval;

import java.io.ByteArrayOutputStream;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;

/** Builds Ethernet frames byte by byte (RFC 791, RFC 8200, RFC 793/768/792 header layouts) for evaluator tests. */
final class TestFrames {
    static final String SRC_MAC = "02:00:0a:64:00:df", DST_MAC = "02:00:0a:64:00:01";

    private TestFrames() {}

    static FrameSummary decode(byte[] frame) {
        return new FrameSummary().decode(frame, 0, frame.length, frame.length, LinkType.ETHERNET);
    }

    static byte[] tcp(String src, int sp, String dst, int dp) { return ip(src, dst, 6, l4ports(sp, dp, 20), 0, false); }

    static byte[] udp(String src, int sp, String dst, int dp) { return ip(src, dst, 17, l4ports(sp, dp, 8), 0, false); }

    static byte[] icmp(String src, String dst) {
        boolean v6 = src.contains(":");
        return ip(src, dst, v6 ? 58 : 1, new byte[] {(byte) (v6 ? 128 : 8), 0, 0, 0, 0, 1, 0, 1}, 0, false);
    }

    /** A later fragment (offset 1480 bytes) of a TCP or UDP datagram: no transport header. */
    static byte[] laterFragment(String src, String dst, int protocol) { return ip(src, dst, protocol, new byte[64], 185, false); }

    /** A first fragment (offset 0, more fragments): carries the ports. */
    static byte[] firstFragment(String src, int sp, String dst, int dp, int protocol) {
        return ip(src, dst, protocol, l4ports(sp, dp, protocol == 6 ? 20 : 8), 0, true);
    }

    static byte[] arp() {
        byte[] body = new byte[28];
        body[1] = 1; body[2] = 8; body[4] = 6; body[5] = 4; body[7] = 1;
        return ethernet(0x0806, body);
    }

    private static byte[] l4ports(int sp, int dp, int len) {
        byte[] b = new byte[len];
        b[0] = (byte) (sp >> 8); b[1] = (byte) sp; b[2] = (byte) (dp >> 8); b[3] = (byte) dp;
        if (len == 20) { b[12] = 0x50; b[13] = 0x02; }
        else { b[4] = 0; b[5] = 8; }
        return b;
    }

    /** @param fragmentOffset in 8-byte units */
    static byte[] ip(String src, String dst, int protocol, byte[] l4, int fragmentOffset, boolean moreFragments) {
        byte[] s = Cidr.parseAddress(src).getAddress(), d = Cidr.parseAddress(dst).getAddress();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        if (s.length == 4) {
            int len = 20 + l4.length;
            int fo = fragmentOffset | (moreFragments ? 0x2000 : 0);
            o.writeBytes(new byte[] {0x45, 0, (byte) (len >> 8), (byte) len, 0, 1, (byte) (fo >> 8), (byte) fo, 64, (byte) protocol, 0, 0});
            o.writeBytes(s); o.writeBytes(d);
            o.writeBytes(l4);
            return ethernet(0x0800, o.toByteArray());
        }
        boolean fragmented = fragmentOffset != 0 || moreFragments;
        int len = l4.length + (fragmented ? 8 : 0);
        o.writeBytes(new byte[] {0x60, 0, 0, 0, (byte) (len >> 8), (byte) len, (byte) (fragmented ? 44 : protocol), 64});
        o.writeBytes(s); o.writeBytes(d);
        if (fragmented) {
            int fo = fragmentOffset << 3 | (moreFragments ? 1 : 0);
            o.writeBytes(new byte[] {(byte) protocol, 0, (byte) (fo >> 8), (byte) fo, 0, 0, 0, 7});
        }
        o.writeBytes(l4);
        return ethernet(0x86dd, o.toByteArray());
    }

    static byte[] ethernet(int etherType, byte[] body) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(mac(DST_MAC)); o.writeBytes(mac(SRC_MAC));
        o.write(etherType >> 8); o.write(etherType);
        o.writeBytes(body);
        return o.toByteArray();
    }

    static byte[] mac(String m) {
        String[] p = m.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) Integer.parseInt(p[i], 16);
        return b;
    }
}
