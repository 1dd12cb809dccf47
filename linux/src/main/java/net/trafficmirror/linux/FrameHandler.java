package net.trafficmirror.linux;

import java.lang.foreign.MemorySegment;

/** Receives the frames of a {@link PacketRing}, one call per frame, on the capturing thread. */
@FunctionalInterface
public interface FrameHandler {
    /**
     * One captured frame. The bytes are valid only during the call (the ring block goes back to the kernel after).
     *
     * @param ring           the mapped ring
     * @param offset         where the frame's link-layer header starts in {@code ring}
     * @param capturedLength bytes captured (tp_snaplen)
     * @param wireLength     the frame's length on the wire (tp_len)
     * @param packetType     sll_pkttype: {@link PacketRing#PACKET_HOST} ... {@link PacketRing#PACKET_OUTGOING}
     * @param timestampNanos kernel receive time, nanoseconds since the epoch
     * @param vlanTci        the 802.1Q TCI the driver stripped (VLAN offload), or -1 when there was none
     * @param vlanTpid       its TPID (0x8100 or 0x88a8), when {@code vlanTci >= 0}
     */
    void onFrame(MemorySegment ring, long offset, int capturedLength, int wireLength, int packetType,
                 long timestampNanos, int vlanTci, int vlanTpid);
}
