package net.trafficmirror.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import net.trafficmirror.linux.MessageVector;
import net.trafficmirror.mirror.encap.VxlanEncapsulator;

/**
 * The portable, unprivileged sink (any OS, no capability): a non-blocking UDP socket sends the VXLAN header and
 * inner frame of each slot, skipping the outer IPv4 and UDP headers the pipeline wrote, which the OS builds
 * itself. The price: every packet leaves from the socket's one source port instead of the flow hash. Used by
 * {@code --replay} without privileges and in tests.
 */
public final class DatagramSink extends MessageVectorSink {
    private static final int OUTER = VxlanEncapsulator.IPV4_HEADER + VxlanEncapsulator.UDP_HEADER;
    private final DatagramChannel channel;
    private final ByteBuffer[] views;
    private final int[] lengths;
    private final InetSocketAddress[] destinations;
    private final boolean[] sent;

    public DatagramSink(int batch, int slotSize, InetSocketAddress bind) throws IOException {
        super(new MessageVector(batch, slotSize));
        channel = DatagramChannel.open();
        channel.configureBlocking(false);
        channel.bind(bind);
        views = new ByteBuffer[batch];
        for (int i = 0; i < batch; i++)
            views[i] = messages.buffers().asSlice(messages.slotOffset(i), slotSize).asByteBuffer();
        lengths = new int[batch];
        destinations = new InetSocketAddress[batch];
        sent = new boolean[batch];
    }

    @Override public void stage(int i, int length, TunnelTarget target) {
        lengths[i] = length;
        destinations[i] = target.socketAddress;
    }

    @Override public int send(int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer b = views[i];
            b.limit(lengths[i]).position(OUTER);
            try {
                sent[i] = channel.send(b, destinations[i]) > 0;
            } catch (IOException e) {
                sent[i] = false; // e.g. ICMP port unreachable reported on a later send: shed this one
            }
            if (sent[i]) n++;
        }
        return n;
    }

    @Override public boolean sent(int i) { return sent[i]; }

    /** The OS fragments ordinary UDP datagrams, so only the IPv4 limit applies. */
    @Override public int pathMtu(InetAddress target) { return 65535; }

    /** The local address packets leave from (for tests and logs). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a UDP socket cannot lose data
        }
        messages.close();
    }
}
