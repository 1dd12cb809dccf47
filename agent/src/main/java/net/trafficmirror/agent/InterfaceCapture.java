package net.trafficmirror.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import net.trafficmirror.linux.ErrnoException;
import net.trafficmirror.linux.InterfaceFacts;
import net.trafficmirror.linux.Libc;
import net.trafficmirror.linux.PacketRing;

/**
 * Live capture for the agent: a TPACKET_V3 ring on the source interface feeding a {@link MirrorPipeline}. Between
 * ring reads it sends the batch, swaps in a newly offered plan, and about once a second copies the kernel's drop
 * counter (PACKET_STATISTICS) into the interface counters.
 *
 * <p>The ring is 64 blocks of 1 MiB; a block is handed over when full or after 10 ms, which bounds the latency a
 * quiet link adds to mirrored packets. Several captures share those 64 MiB (but keep 8 blocks each), so the kernel
 * memory the agent pins stays 64 MiB up to 8 threads and grows by 8 MiB per thread beyond.
 *
 * <p>Production first: the capturing thread runs at a raised nice value, so when the host is short of CPU its own
 * work wins; the ring then fills and the kernel drops mirror copies (counted as kernel drops), never host packets.
 *
 * <p>Several captures of one interface ({@link #openFanout}) share its frames through a PACKET_FANOUT hash group,
 * each on its own thread with its own pipeline: every frame reaches exactly one of them, and all frames of a flow,
 * both directions, the same one (see {@link PacketRing} for what the kernel's hash covers).
 */
public final class InterfaceCapture implements AutoCloseable {
    static final int BLOCK_SIZE = 1 << 20, BLOCKS = 64, MIN_BLOCKS = 8, RETIRE_MILLIS = 10;
    /** Classic BPF "ret #0": a ring opened with it holds nothing. */
    private static final int[][] ACCEPT_NOTHING = {{0x06, 0, 0, 0}};
    private final PacketRing ring;

    private InterfaceCapture(InterfaceFacts facts, int blocks, int[][] filter) throws ErrnoException {
        ring = PacketRing.open(facts.index(), BLOCK_SIZE, blocks, RETIRE_MILLIS, filter);
    }

    /**
     * {@code count} captures of the interface in one new fanout group (one capture: no group). A ring bound but not
     * yet in the group would get every frame besides the group's copy, and a group still growing would move flows
     * from ring to ring; so the rings accept nothing until all have joined. Capture starts when the filters go.
     */
    public static List<InterfaceCapture> openFanout(InterfaceFacts facts, int count) throws ErrnoException {
        List<InterfaceCapture> captures = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++)
                captures.add(new InterfaceCapture(facts, Math.max(MIN_BLOCKS, BLOCKS / count), count > 1 ? ACCEPT_NOTHING : null));
            if (count > 1) {
                int group = captures.getFirst().ring.startFanout();
                for (InterfaceCapture c : captures.subList(1, count)) c.ring.joinFanout(group);
                for (InterfaceCapture c : captures) c.ring.detachFilter();
            }
            return captures;
        } catch (ErrnoException | RuntimeException e) {
            captures.forEach(InterfaceCapture::close);
            throw e;
        }
    }

    /**
     * Captures until {@code running} turns false (checked at least every 100 ms), on the calling thread at nice
     * value {@code nice} (0 leaves it as it is).
     */
    public void run(MirrorPipeline pipeline, BooleanSupplier running, int nice) throws ErrnoException {
        if (nice != 0) Libc.check(Libc.niceThisThread(nice), "setpriority(" + nice + ")");
        long nextStatistics = 0;
        while (running.getAsBoolean()) {
            ring.read(pipeline, 100);
            pipeline.flush();
            pipeline.applyOfferedPlan();
            long now = System.nanoTime();
            if (now - nextStatistics > 0) {
                pipeline.counters().kernelDrops = ring.statistics().drops();
                nextStatistics = now + 1_000_000_000L;
            }
        }
        pipeline.flush();
        pipeline.counters().kernelDrops = ring.statistics().drops();
    }

    @Override public void close() { ring.close(); }
}
