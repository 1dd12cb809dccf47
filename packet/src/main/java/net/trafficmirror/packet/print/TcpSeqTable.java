package net.trafficmirror.packet.print;

/**
 * tcpdump's table of initial sequence numbers for relative seq/ack printing ({@code print-tcp.c}, {@code tcp_seq_hash4}
 * and {@code tcp_seq_hash6}): one entry per address/port 4-tuple, shared by both directions. Here it is a fixed-size
 * open-addressing table over primitive arrays, so memory stays bounded; when a probe run is full the oldest probed
 * slot is reused for the new flow (tcpdump itself grows without bound).
 */
final class TcpSeqTable {
    private static final int CAPACITY = 1 << 16;
    private static final int MASK = CAPACITY - 1;
    private static final int PROBES = 8;

    private final long[] src0 = new long[CAPACITY], src1 = new long[CAPACITY];
    private final long[] dst0 = new long[CAPACITY], dst1 = new long[CAPACITY];
    private final int[] ports = new int[CAPACITY];
    private final boolean[] used = new boolean[CAPACITY];
    private final long[] seq = new long[CAPACITY], ack = new long[CAPACITY];
    private final long[] stamp = new long[CAPACITY];
    private long clock;

    /** Slot holding the key, or -1. */
    int find(long s0, long s1, long d0, long d1, int portPair) {
        int h = hash(s0, s1, d0, d1, portPair);
        for (int i = 0; i < PROBES; i++) {
            int slot = (h + i) & MASK;
            if (!used[slot]) {
                return -1;
            }
            if (ports[slot] == portPair && src0[slot] == s0 && src1[slot] == s1 && dst0[slot] == d0
                    && dst1[slot] == d1) {
                return slot;
            }
        }
        return -1;
    }

    /** Stores a new entry (or overwrites an existing one for the same key) and returns its slot. */
    int put(long s0, long s1, long d0, long d1, int portPair, long seqBase, long ackBase) {
        int slot = find(s0, s1, d0, d1, portPair);
        if (slot < 0) {
            int h = hash(s0, s1, d0, d1, portPair);
            int oldest = h & MASK;
            for (int i = 0; i < PROBES; i++) {
                int candidate = (h + i) & MASK;
                if (!used[candidate]) {
                    oldest = candidate;
                    break;
                }
                if (stamp[candidate] < stamp[oldest]) {
                    oldest = candidate;
                }
            }
            slot = oldest;
        }
        used[slot] = true;
        src0[slot] = s0;
        src1[slot] = s1;
        dst0[slot] = d0;
        dst1[slot] = d1;
        ports[slot] = portPair;
        seq[slot] = seqBase;
        ack[slot] = ackBase;
        stamp[slot] = ++clock;
        return slot;
    }

    long seq(int slot) {
        return seq[slot];
    }

    long ack(int slot) {
        return ack[slot];
    }

    private static int hash(long s0, long s1, long d0, long d1, int portPair) {
        long h = s0 * 0x9E3779B97F4A7C15L;
        h = (h ^ s1) * 0x9E3779B97F4A7C15L;
        h = (h ^ d0) * 0x9E3779B97F4A7C15L;
        h = (h ^ d1) * 0x9E3779B97F4A7C15L;
        h = (h ^ portPair) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40);
    }
}
