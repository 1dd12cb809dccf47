package net.trafficmirror.packet.print;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds test frames (Ethernet, IPv4/IPv6, TCP/UDP with correct checksums) and writes them as a pcap file. */
final class Frames {
    static final byte[] MAC_A = hex("020000000a01"), MAC_B = hex("020000000b02");
    static final byte[] IP_A = {10, 1, 1, 10}, IP_B = {10, 2, 2, 20};
    static final byte[] IP6_A = hex("20010db8000000000000000000000001"), IP6_B = hex("20010db8000000010000000000000002");

    private Frames() {}

    static byte[] hex(String s) {
        s = s.replace(" ", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    static byte[] ether(int type, byte[] payload) {
        return concat(MAC_B, MAC_A, new byte[] {(byte) (type >> 8), (byte) type}, payload);
    }

    static byte[] ipv4(int proto, byte[] payload) {
        return ipv4(proto, IP_A, IP_B, new byte[0], payload);
    }

    static byte[] ipv4(int proto, byte[] src, byte[] dst, byte[] options, byte[] payload) {
        int hlen = 20 + options.length;
        ByteBuffer h = ByteBuffer.allocate(hlen);
        h.put((byte) (0x40 | hlen / 4)).put((byte) 0).putShort((short) (hlen + payload.length)).putShort((short) 7)
                .putShort((short) 0x4000).put((byte) 64).put((byte) proto).putShort((short) 0).put(src).put(dst)
                .put(options);
        byte[] header = h.array();
        int sum = InternetChecksum.finish(InternetChecksum.add(header, 0, hlen, 0));
        header[10] = (byte) (sum >> 8);
        header[11] = (byte) sum;
        return withTransportChecksum(concat(header, payload), 0, proto);
    }

    static byte[] ipv6(int nextHeader, byte[] payload) {
        ByteBuffer h = ByteBuffer.allocate(40);
        h.putInt(0x60000000).putShort((short) payload.length).put((byte) nextHeader).put((byte) 64).put(IP6_A)
                .put(IP6_B);
        return withTransportChecksum(concat(h.array(), payload), 0, nextHeader);
    }

    /** Fills in the TCP/UDP/ICMP/ICMPv6 checksum when the payload directly follows the IP header. */
    private static byte[] withTransportChecksum(byte[] packet, int ip, int proto) {
        boolean v4 = (packet[ip] & 0xf0) == 0x40;
        int l4 = v4 ? ip + (packet[ip] & 0x0f) * 4 : ip + 40;
        int length = packet.length - l4;
        int field = switch (proto) {
            case 6 -> 16;
            case 17 -> 6;
            case 1, 58 -> 2;
            default -> -1;
        };
        if (field < 0 || length < field + 2) {
            return packet;
        }
        packet[l4 + field] = 0;
        packet[l4 + field + 1] = 0;
        long sum = proto == 1 ? 0 : InternetChecksum.pseudoHeader(packet, ip, packet.length, proto, length);
        int c = InternetChecksum.finish(InternetChecksum.add(packet, l4, length, sum));
        packet[l4 + field] = (byte) (c >> 8);
        packet[l4 + field + 1] = (byte) c;
        return packet;
    }

    static byte[] udp(int sport, int dport, byte[] payload) {
        ByteBuffer h = ByteBuffer.allocate(8);
        h.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        return concat(h.array(), payload);
    }

    static byte[] tcp(int sport, int dport, long seq, long ack, int flags, byte[] options, byte[] payload) {
        int hlen = 20 + options.length;
        ByteBuffer h = ByteBuffer.allocate(hlen);
        h.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack)
                .put((byte) (hlen / 4 << 4)).put((byte) flags).putShort((short) 502).putShort((short) 0)
                .putShort((short) 0).put(options);
        return concat(h.array(), payload);
    }

    /** A pcap file (microsecond, little-endian) of the frames, one second apart. */
    static void writePcap(OutputStream out, int linkType, byte[]... frames) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144)
                .putInt(linkType);
        out.write(h.array());
        int i = 0;
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(1700000000 + i).putInt(1000 * i + 7).putInt(f.length).putInt(f.length);
            out.write(r.array());
            out.write(f);
            i++;
        }
    }
}
