package net.trafficmirror.mirror.encap;

/**
 * What one tunnel datagram carried, filled in place by {@link VxlanDecapsulator} or {@link GeneveDecapsulator}
 * so that the receive loop allocates nothing per packet. Read the fields only after a decapsulator returned
 * {@link #OK}; otherwise {@link #status} says why the datagram was refused.
 */
public final class Decapsulated {
    /** The datagram carried a mirrored frame. */
    public static final int OK = 0;
    /** Fewer bytes than the tunnel header needs (RFC 7348 §5: 8 bytes; RFC 8926 §3.4: 8 + options). */
    public static final int SHORT_HEADER = 1;
    /** VXLAN I flag clear: RFC 7348 §5 says the VNI is then not valid. */
    public static final int NO_VNI = 2;
    /** GENEVE version other than 0 (RFC 8926 §3.4: receivers must drop unknown versions). */
    public static final int BAD_VERSION = 3;
    /** A tunnel payload this collector does not take (a GENEVE protocol other than Ethernet, or IP not carrying VXLAN). */
    public static final int UNSUPPORTED_PAYLOAD = 4;
    /** The inner Ethernet frame is shorter than its 14-byte header. */
    public static final int BROKEN_INNER_FRAME = 5;

    public int status;
    /** The VNI that names the mirror session: VXLAN's, also for GENEVE-wrapped VXLAN. */
    public int vni;
    /** The GENEVE VNI around a GENEVE-wrapped VXLAN datagram (GWLB), or -1 when there was no GENEVE layer. */
    public int outerVni;
    /** VXLAN flags byte as received (0x08 when only I is set). */
    public int vxlanFlags;
    /** Where the inner Ethernet frame starts in the buffer, and how many of its bytes are present. */
    public int frameOffset, frameLength;
    /**
     * For GENEVE-wrapped VXLAN: where the wrapped IP packet (the one AWS's mirror source sent) starts, else -1.
     * Its source address is the mirror source, while the datagram's sender is the load balancer.
     */
    public int wrappedIpOffset;

    void reset() {
        status = OK; vni = -1; outerVni = -1; vxlanFlags = 0; frameOffset = -1; frameLength = 0; wrappedIpOffset = -1;
    }

    /** A short word for a refusal reason, as used in counters and logs. */
    public static String reason(int status) {
        return switch (status) {
            case OK -> "ok";
            case SHORT_HEADER -> "short_header";
            case NO_VNI -> "i_flag_clear";
            case BAD_VERSION -> "bad_version";
            case UNSUPPORTED_PAYLOAD -> "unsupported_payload";
            case BROKEN_INNER_FRAME -> "broken_inner_frame";
            default -> "unknown";
        };
    }
}
