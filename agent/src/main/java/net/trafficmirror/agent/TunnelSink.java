package net.trafficmirror.agent;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.Collection;

/**
 * Where encapsulated packets leave the agent, a batch at a time. For each packet the pipeline {@link #claim claims}
 * slot {@code i} of the batch, writes the packet (outer IPv4, UDP, VXLAN, inner frame) into {@link #buffer} at the
 * offset claimed, {@link #stage stages} it, and when the batch is full or the ring idle calls {@link #send}.
 * A sink never blocks: what it has no room for now is refused at the claim or reported after the send, and the
 * pipeline counts it as skipped.
 */
public interface TunnelSink extends AutoCloseable {
    /** Packets per batch. */
    int capacity();

    /** The largest outer IPv4 packet a slot holds. */
    int slotSize();

    /**
     * Claims slot {@code i} of the batch for a packet to {@code target}.
     *
     * @return the offset in {@link #buffer buffer(i)} where the packet's IPv4 header goes, or -1 when the sink has
     *         no room now (the packet is shed)
     */
    long claim(int i, TunnelTarget target);

    /** The memory slot {@code i} was claimed in. */
    MemorySegment buffer(int i);

    /** Prepares claimed slot {@code i}, holding {@code length} bytes from its offset, for {@code target}. */
    void stage(int i, int length, TunnelTarget target);

    /** Sends slots 0..count-1; returns how many went out. */
    int send(int count);

    /** After {@link #send}: whether slot {@code i} went out. */
    boolean sent(int i);

    /** The largest outer IPv4 packet that may be sent to {@code target} (the path MTU). */
    int pathMtu(InetAddress target) throws IOException;

    /** The targets of the configuration about to be used (called on every change, before any claim for them). */
    default void targets(Collection<TunnelTarget> targets) throws IOException {}

    @Override void close();
}
