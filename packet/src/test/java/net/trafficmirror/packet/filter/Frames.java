package net.trafficmirror.packet.filter;

import java.io.ByteArrayOutputStream;

/** Builds frames layer by layer for filter tests: addresses as text, lengths and checksums left simple. */
final class Frames {
    private Frames() {}

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    static byte[] mac(String m) {
        String[] p = m.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) Integer.parseInt(p[i], 16);
        return b;
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    static byte[] v4(String a) {
        String[] p = a.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]), (byte) Integer.parseInt(p[3])};
    }

    static byte[] v6(String a) {
        try {
            return java.net.InetAddress.getByName(a).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] eth(String dst, String src, int type, byte[] payload) {
        return cat(mac(dst), mac(src), u16(type), payload);
    }

    static byte[] eth(int type, byte[] payload) {
        return eth("02:00:00:00:00:02", "02:00:00:00:00:01", type, payload);
    }

    static byte[] vlan(int tpid, int id, int type, byte[] payload) {
        return cat(mac("02:00:00:00:00:02"), mac("02:00:00:00:00:01"), u16(tpid), u16(id), u16(type), payload);
    }

    /** IPv4 header (with optional options and fragment field) then payload. */
    static byte[] ip(String src, String dst, int proto, int fragField, byte[] options, byte[] payload) {
        int ihl = 20 + options.length;
        byte[] h = cat(new byte[] {(byte) (0x40 | ihl / 4), 0}, u16(ihl + payload.length), u16(1), u16(fragField),
                new byte[] {64, (byte) proto, 0, 0}, v4(src), v4(dst), options);
        return cat(h, payload);
    }

    static byte[] ip(String src, String dst, int proto, byte[] payload) {
        return ip(src, dst, proto, 0, new byte[0], payload);
    }

    static byte[] ip6(String src, String dst, int nh, byte[] payload) {
        return cat(new byte[] {0x60, 0, 0, 0}, u16(payload.length), new byte[] {(byte) nh, 64}, v6(src), v6(dst), payload);
    }

    static byte[] fragment6(int nh, int offsetField, byte[] payload) {
        return cat(new byte[] {(byte) nh, 0}, u16(offsetField), new byte[] {0, 0, 0, 1}, payload);
    }

    static byte[] tcp(int sp, int dp, int flags, byte[] payload) {
        return cat(u16(sp), u16(dp), new byte[] {0, 0, 0, 1, 0, 0, 0, 0, 0x50, (byte) flags, 0x20, 0, 0, 0, 0, 0}, payload);
    }

    static byte[] udp(int sp, int dp, byte[] payload) {
        return cat(u16(sp), u16(dp), u16(8 + payload.length), u16(0), payload);
    }

    static byte[] icmp(int type, int code) {
        return new byte[] {(byte) type, (byte) code, 0, 0, 0, 1, 0, 1};
    }

    static byte[] arp(int op, String sha, String spa, String tha, String tpa) {
        return cat(u16(1), u16(0x0800), new byte[] {6, 4}, u16(op), mac(sha), v4(spa), mac(tha), v4(tpa));
    }

    static byte[] vxlan(int vni, byte[] inner) {
        return cat(new byte[] {0x08, 0, 0, 0, (byte) (vni >>> 16), (byte) (vni >>> 8), (byte) vni, 0}, inner);
    }

    static byte[] geneve(int vni, int protocol, int optWords, byte[] inner) {
        return cat(new byte[] {(byte) optWords, 0}, u16(protocol), new byte[] {(byte) (vni >>> 16), (byte) (vni >>> 8), (byte) vni, 0},
                new byte[optWords * 4], inner);
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 7 + 3);
        return b;
    }
}
