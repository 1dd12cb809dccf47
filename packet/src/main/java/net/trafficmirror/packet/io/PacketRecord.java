package net.trafficmirror.packet.io;

/**
 * One captured packet as a reader delivers it: a flyweight that {@link CaptureReader#next} refills for every
 * packet, so reading allocates nothing per packet. {@link #buffer} usually is the reader's own read buffer
 * (no copy): its bytes [{@link #offset}, offset + {@link #caplen}) are valid only until the next call to
 * {@code next}.
 */
public final class PacketRecord {
    /** Seconds since the epoch (UTC). */
    public long seconds;
    /** Nanoseconds within {@link #seconds}, 0..999,999,999. */
    public int nanos;
    /** Bytes captured (present in {@link #buffer}). */
    public int caplen;
    /** Length of the packet on the wire. */
    public int wirelen;
    /** LINKTYPE_ of this packet (per interface in pcapng). */
    public int linkType;
    /** pcapng interface id within the current section; 0 for pcap. */
    public int interfaceId;
    /** Holds the packet's bytes at {@link #offset}. */
    public byte[] buffer;
    public int offset;
    /** Byte offset of this record's header in the input, for messages. */
    public long fileOffset;
}
