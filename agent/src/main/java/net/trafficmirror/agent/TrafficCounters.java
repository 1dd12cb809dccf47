package net.trafficmirror.agent;

import net.trafficmirror.mirror.Direction;

/**
 * Mirror counters for one direction pair, named as AWS's CloudWatch metrics (AWS/EC2 namespace, the VPC Traffic
 * Mirroring guide's "Monitor" section): index {@link #IN} counts ingress, {@link #OUT} egress.
 * <ul>
 * <li>NetworkMirrorIn/Out, NetworkPacketsMirrorIn/Out: inner bytes (after truncation) and packets sent;</li>
 * <li>NetworkSkipMirrorIn/Out, NetworkPacketsSkipMirrorIn/Out: accepted by a session but shed because the send
 * path was full ("production traffic taking priority").</li>
 * </ul>
 * Plain longs, written by the one capture thread only; readers on other threads may see a value a moment old.
 */
public class TrafficCounters {
    public static final int IN = 0, OUT = 1;
    public final long[] mirroredPackets = new long[2], mirroredBytes = new long[2];
    public final long[] skippedPackets = new long[2], skippedBytes = new long[2];
    /** Truncated to the session's packet length (AWS PacketLength). */
    public final long[] truncatedToPacketLength = new long[2];
    /** Cut to what the path to the target carries (a GRO/TSO super-packet, or a frame larger than the target MTU). */
    public final long[] truncatedToMtu = new long[2];

    /** Adds {@code other}'s counts to these (for totals over capture threads; not for the capture thread's own counters). */
    void add(TrafficCounters other) {
        for (int d = 0; d < 2; d++) {
            mirroredPackets[d] += other.mirroredPackets[d];
            mirroredBytes[d] += other.mirroredBytes[d];
            skippedPackets[d] += other.skippedPackets[d];
            skippedBytes[d] += other.skippedBytes[d];
            truncatedToPacketLength[d] += other.truncatedToPacketLength[d];
            truncatedToMtu[d] += other.truncatedToMtu[d];
        }
    }

    public static int index(Direction d) { return d == Direction.INGRESS ? IN : OUT; }

    /** "In" or "Out", as in the CloudWatch names. */
    public static String suffix(int i) { return i == IN ? "In" : "Out"; }
}
