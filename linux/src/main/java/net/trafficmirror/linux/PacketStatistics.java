package net.trafficmirror.linux;

/**
 * The kernel's counters for one AF_PACKET socket since it was opened (struct tpacket_stats_v3 from
 * linux/if_packet.h, accumulated: every PACKET_STATISTICS read resets the kernel's copy).
 *
 * @param packets frames the kernel handed to the socket, including the dropped ones
 * @param drops   frames lost because the ring was full
 * @param freezes times the ring's queue was frozen (a block was full and still owned by user space)
 */
public record PacketStatistics(long packets, long drops, long freezes) {}
