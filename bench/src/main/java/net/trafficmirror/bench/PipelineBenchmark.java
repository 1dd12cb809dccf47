package net.trafficmirror.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.agent.InterfaceCounters;
import net.trafficmirror.agent.MirrorPipeline;
import net.trafficmirror.agent.TunnelSink;
import net.trafficmirror.agent.TunnelTarget;
import net.trafficmirror.linux.MessageVector;
import net.trafficmirror.linux.PacketRing;
import net.trafficmirror.mirror.Direction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The agent's whole per-frame user-space path ({@link MirrorPipeline#onFrame} and its batch flush): copy of the
 * head, decode, the feedback-loop checks, the compiled evaluation of {@link EvaluatorBenchmark}'s 3 sessions × 10
 * rules, truncation, the outer IPv4/UDP/VXLAN headers and the copy of the inner frame into a send slot, over the same
 * 64 mixed frames read from native memory as from the capture ring. Only the system call is left out: the sink
 * takes every batch without sending it, so this is what the agent adds to the kernel's cost. Must be 0 B/op with
 * {@code -prof gc}.
 *
 * <pre>java -jar bench/target/benchmarks.jar PipelineBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBenchmark {
    private static final int SLOT = 2048;
    private MirrorPipeline pipeline;
    private MemorySegment ring;
    private long[] offsets;
    private int[] lengths, types;

    /** Takes whole batches and reports them all sent. */
    static final class DiscardingSink implements TunnelSink {
        private final MessageVector slots = new MessageVector(EvaluatorBenchmark.PACKETS, SLOT);

        @Override public int capacity() { return slots.capacity(); }
        @Override public int slotSize() { return SLOT; }
        @Override public long claim(int i, TunnelTarget target) { return slots.slotOffset(i); }
        @Override public MemorySegment buffer(int i) { return slots.buffers(); }
        @Override public void stage(int i, int length, TunnelTarget target) { slots.setLength(i, length); }
        @Override public int send(int count) { return count; }
        @Override public boolean sent(int i) { return true; }
        @Override public int pathMtu(InetAddress target) { return 9001; }
        @Override public void close() { slots.close(); }
    }

    @Setup
    public void setup() throws Exception {
        EvaluatorBenchmark traffic = new EvaluatorBenchmark();
        traffic.setup();
        pipeline = new MirrorPipeline(new InterfaceCounters("eth0"), new DiscardingSink(),
                (Inet4Address) InetAddress.getByName(EvaluatorBenchmark.LOCAL[0]), null);
        pipeline.offer(traffic.plan);
        pipeline.applyOfferedPlan();
        int n = EvaluatorBenchmark.PACKETS;
        offsets = new long[n];
        lengths = new int[n];
        types = new int[n];
        long size = 0;
        for (byte[] f : traffic.frames) size += f.length;
        ring = Arena.ofAuto().allocate(size, 64);
        long at = 0;
        for (int i = 0; i < n; i++) {
            byte[] f = traffic.frames[i];
            MemorySegment.copy(MemorySegment.ofArray(f), 0, ring, at, f.length);
            offsets[i] = at;
            lengths[i] = f.length;
            types[i] = traffic.directions[i] == Direction.EGRESS ? PacketRing.PACKET_OUTGOING : PacketRing.PACKET_HOST;
            at += f.length;
        }
    }

    @Benchmark
    @OperationsPerInvocation(EvaluatorBenchmark.PACKETS)
    public long onFrame() {
        for (int i = 0; i < offsets.length; i++) pipeline.onFrame(ring, offsets[i], lengths[i], lengths[i], types[i], 0, -1, 0);
        pipeline.flush();
        return pipeline.counters().mirroredPackets[0];
    }
}
