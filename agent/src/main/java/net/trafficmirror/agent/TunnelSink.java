package net.trafficmirror.agent;

import java.io.IOException;
import java.net.InetAddress;
import net.trafficmirror.linux.MessageVector;

/**
 * Where encapsulated packets leave the agent, a batch at a time. The pipeline writes each packet (outer IPv4,
 * UDP, VXLAN, inner frame) into a slot of {@link #messages()}, {@link #stage stages} it, and calls {@link #send}.
 * A sink never blocks: what it cannot take now is reported, and the pipeline counts it as skipped.
 */
public interface TunnelSink extends AutoCloseable {
    MessageVector messages();

    /** Prepares slot {@code i}, holding {@code length} bytes from its start, for {@code target}. */
    void stage(int i, int length, TunnelTarget target);

    /** Sends slots 0..count-1; returns how many went out. */
    int send(int count);

    /** After {@link #send}: whether slot {@code i} went out. */
    boolean sent(int i);

    /** The largest outer IPv4 packet that may be sent to {@code target} (the path MTU). */
    int pathMtu(InetAddress target) throws IOException;

    @Override void close();
}
