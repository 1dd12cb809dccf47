package net.trafficmirror.collector;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Map;

/** A collector on loopback ephemeral ports, run on its own thread, with senders bound to chosen addresses. */
final class RunningCollector implements AutoCloseable {
    final CollectorCounters counters = new CollectorCounters();
    final Collector collector;
    final InetSocketAddress vxlan, geneve;
    private final Thread thread;
    private volatile Throwable failure;

    RunningCollector(List<PacketSink> sinks, String allow, FrameFilter filter, Map<Integer, SessionLabel> names) throws IOException {
        collector = new Collector(new Reception.Sockets(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0), 4 << 20),
                SenderAllowList.parse(allow), SessionDirectory.of(names), sinks, filter, counters, new SimpleMeterRegistry());
        vxlan = collector.boundAddresses().get(0);
        geneve = collector.boundAddresses().get(1);
        thread = Thread.ofPlatform().name("collector-under-test").start(() -> {
            try {
                collector.run();
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    /** Bytes the receive thread has allocated so far (HotSpot's per-thread allocation counter). */
    long receiveThreadAllocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(thread.threadId());
    }

    /** Sends each datagram from {@code from} (a loopback address) to the given port. */
    void send(String from, InetSocketAddress to, byte[]... datagrams) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            for (byte[] d : datagrams) {
                ch.send(ByteBuffer.wrap(d), to);
            }
        }
    }

    /** Waits until {@code n} datagrams were received (bounded). */
    void awaitReceived(long n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (counters.received < n && System.nanoTime() < deadline) Thread.sleep(5);
        if (counters.received < n) throw new AssertionError("received " + counters.received + " of " + n + "; " + CollectorReport.summary(counters, collector.sessions()));
    }

    /** Stops, waits for the sinks to be flushed and closed. */
    void stop() throws Exception {
        collector.stop();
        thread.join(10_000);
        if (failure != null) throw new AssertionError("collector failed", failure);
    }

    @Override public void close() throws Exception {
        if (thread.isAlive()) stop();
        collector.close();
    }
}
