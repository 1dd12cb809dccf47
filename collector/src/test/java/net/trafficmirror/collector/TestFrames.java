package net.trafficmirror.collector;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Inner frames and tunnel datagrams for the collector's tests, built field by field after the RFCs. */
final class TestFrames {
    private TestFrames() {}

    static final byte[] MAC_A = {0x02, 0, 0, 0, 0, 0x0a}, MAC_B = {0x02, 0, 0, 0, 0, 0x0b};

    /** Ethernet + IPv4 + TCP with {@code payload} bytes of data; the IPv4 checksum is computed. */
    static byte[] tcp(String src, String dst, int sport, int dport, int flags, int seq, int payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + payload);
        ethernet(b, 0x0800);
        ipv4(b, 20 + 20 + payload, 6, src, dst);
        b.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(flags == 0x02 ? 0 : 1000);
        b.put((byte) 0x50).put((byte) flags).putShort((short) 64240).putShort((short) 0).putShort((short) 0);
        for (int i = 0; i < payload; i++) b.put((byte) ('a' + i % 26));
        return b.array();
    }

    /** Ethernet + IPv4 + UDP with {@code payload} bytes. */
    static byte[] udp(String src, String dst, int sport, int dport, int payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload);
        ethernet(b, 0x0800);
        ipv4(b, 20 + 8 + payload, 17, src, dst);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload)).putShort((short) 0);
        for (int i = 0; i < payload; i++) b.put((byte) i);
        return b.array();
    }

    /** Ethernet + IPv4 + ICMP echo request of {@code data} bytes. */
    static byte[] ping(String src, String dst, int id, int seq, int data) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + data);
        ethernet(b, 0x0800);
        ipv4(b, 20 + 8 + data, 1, src, dst);
        int start = b.position();
        b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq);
        for (int i = 0; i < data; i++) b.put((byte) i);
        b.putShort(start + 2, (short) checksum(b.array(), start, 8 + data));
        return b.array();
    }

    private static void ethernet(ByteBuffer b, int type) {
        b.put(MAC_B).put(MAC_A).putShort((short) type);
    }

    private static void ipv4(ByteBuffer b, int totalLength, int protocol, String src, String dst) {
        int start = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) totalLength).putShort((short) 0x1234).putShort((short) 0x4000);
        b.put((byte) 64).put((byte) protocol).putShort((short) 0).put(addr(src)).put(addr(dst));
        b.putShort(start + 10, (short) checksum(b.array(), start, 20));
    }

    static byte[] addr(String dotted) {
        String[] p = dotted.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]), (byte) Integer.parseInt(p[3])};
    }

    static int checksum(byte[] a, int off, int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) sum += (a[off + i] & 0xff) << 8 | (i + 1 < len ? a[off + i + 1] & 0xff : 0);
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return ~sum & 0xffff;
    }

    /** RFC 7348 §5 header with the I flag and {@code vni}, then the frame. */
    static byte[] vxlan(int vni, byte[] frame) {
        return concat(new byte[] {0x08, 0, 0, 0, (byte) (vni >>> 16), (byte) (vni >>> 8), (byte) vni, 0}, frame);
    }

    /** RFC 8926 §3.4 header, protocol TEB, no options. */
    static byte[] geneveEthernet(int vni, byte[] frame) {
        return concat(new byte[] {0, 0, 0x65, 0x58, (byte) (vni >>> 16), (byte) (vni >>> 8), (byte) vni, 0}, frame);
    }

    /**
     * What a Gateway Load Balancer sends for a mirror target: GENEVE (protocol IPv4, one 8-byte option as AWS
     * adds) around the mirror source's IPv4/UDP 4789/VXLAN datagram.
     */
    static byte[] gwlb(int geneveVni, String mirrorSource, String target, int vni, byte[] frame) {
        byte[] vx = vxlan(vni, frame);
        ByteBuffer ip = ByteBuffer.allocate(20 + 8 + vx.length);
        ipv4(ip, 20 + 8 + vx.length, 17, mirrorSource, target);
        ip.putShort((short) 51000).putShort((short) 4789).putShort((short) (8 + vx.length)).putShort((short) 0).put(vx);
        byte[] geneve = {0x02, 0, 0x08, 0x00, (byte) (geneveVni >>> 16), (byte) (geneveVni >>> 8), (byte) geneveVni, 0,
                0x01, 0x08, 0x01, 0x02, 0, 0, 0, 42};
        return concat(geneve, ip.array());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }
}
