package net.trafficmirror.packet.print;

/** Big-endian field reads; callers check bounds against the captured length first. */
final class NetworkOrder {
    private NetworkOrder() {}

    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    static int u24(byte[] b, int i) {
        return (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xff) << 24) | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }
}
