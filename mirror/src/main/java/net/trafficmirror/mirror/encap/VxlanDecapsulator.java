package net.trafficmirror.mirror.encap;

/**
 * Reads a VXLAN header (RFC 7348 §5) and locates the inner Ethernet frame, without allocating.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Reserved bits are ignored on receipt as §5 asks; a clear I flag makes the VNI invalid and the datagram is
 * refused, which is what tcpdump's master branch reports as "I flag not set".
 */
public final class VxlanDecapsulator {
    public static final int HEADER_LENGTH = 8;
    public static final int FLAGS = 0, VNI = 4;
    public static final int FLAG_I = 0x08;
    static final int ETHERNET_HEADER = 14;

    private VxlanDecapsulator() {}

    /**
     * Decapsulates the UDP payload {@code b[off, off+len)}.
     *
     * @return true when {@code out} now describes an inner frame; false with {@code out.status} saying why not
     */
    public static boolean decapsulate(byte[] b, int off, int len, Decapsulated out) {
        out.reset();
        return decapsulateInto(b, off, len, out);
    }

    /** As {@link #decapsulate} but keeps what an outer layer already put into {@code out}. */
    static boolean decapsulateInto(byte[] b, int off, int len, Decapsulated out) {
        if (len < HEADER_LENGTH) return refuse(out, Decapsulated.SHORT_HEADER);
        int flags = b[off + FLAGS] & 0xff;
        out.vxlanFlags = flags;
        if ((flags & FLAG_I) == 0) return refuse(out, Decapsulated.NO_VNI);
        out.vni = (b[off + VNI] & 0xff) << 16 | (b[off + VNI + 1] & 0xff) << 8 | (b[off + VNI + 2] & 0xff);
        int frameLength = len - HEADER_LENGTH;
        if (frameLength < ETHERNET_HEADER) return refuse(out, Decapsulated.BROKEN_INNER_FRAME);
        out.frameOffset = off + HEADER_LENGTH;
        out.frameLength = frameLength;
        out.status = Decapsulated.OK;
        return true;
    }

    static boolean refuse(Decapsulated out, int status) {
        out.status = status;
        return false;
    }
}
