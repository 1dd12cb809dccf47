package net.trafficmirror.agent;

/**
 * The counters of one source interface: {@link TrafficCounters} summed over its sessions, plus what was seen and
 * why the rest was not mirrored. They add up, per direction: seen = mirrored + skipped + not mirrored (summed over
 * {@link NotMirroredReason}). Kernel drops (the ring overflowed; the packet was never seen) are kept apart.
 */
public final class InterfaceCounters extends TrafficCounters {
    public final String interfaceName;
    public final long[] seen = new long[2];
    /** [direction][NotMirroredReason.ordinal()]. */
    public final long[][] notMirrored = new long[2][NotMirroredReason.values().length];
    /** Frames the kernel dropped before the agent saw them (PACKET_STATISTICS tp_drops). */
    public volatile long kernelDrops;

    public InterfaceCounters(String interfaceName) { this.interfaceName = interfaceName; }

    void add(InterfaceCounters other) {
        super.add(other);
        for (int d = 0; d < 2; d++) {
            seen[d] += other.seen[d];
            for (int r = 0; r < notMirrored[d].length; r++) notMirrored[d][r] += other.notMirrored[d][r];
        }
        kernelDrops += other.kernelDrops;
    }

    public long notMirrored(int direction) {
        long n = 0;
        for (long v : notMirrored[direction]) n += v;
        return n;
    }
}
