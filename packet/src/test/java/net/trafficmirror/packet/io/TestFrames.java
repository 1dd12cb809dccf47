package net.trafficmirror.packet.io;

/** Ethernet/IPv4/UDP frames of a chosen length for reader and writer tests (content: headers plus a counter). */
final class TestFrames {
    private TestFrames() {}

    static byte[] udp(int length, int seq) {
        byte[] f = new byte[Math.max(length, 42)];
        byte[] head = {0, 1, 2, 3, 4, 5, 2, 0, 0, 0, 0, 1, 8, 0,
                0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0, (byte) 192, 0, 2, 1, (byte) 192, 0, 2, 2,
                0x0f, (byte) 0xa0, 0x0f, (byte) 0xa1, 0, 0, 0, 0};
        System.arraycopy(head, 0, f, 0, head.length);
        int ipLen = f.length - 14;
        f[16] = (byte) (ipLen >>> 8);
        f[17] = (byte) ipLen;
        f[38] = (byte) ((ipLen - 20) >>> 8);
        f[39] = (byte) (ipLen - 20);
        for (int i = 42; i < f.length; i++) f[i] = (byte) (seq + i);
        return f;
    }

    /** A raw IPv4/UDP packet (LINKTYPE_RAW) of a chosen length. */
    static byte[] rawIp(int length, int seq) {
        byte[] e = udp(length + 14, seq);
        byte[] f = new byte[e.length - 14];
        System.arraycopy(e, 14, f, 0, f.length);
        return f;
    }
}
