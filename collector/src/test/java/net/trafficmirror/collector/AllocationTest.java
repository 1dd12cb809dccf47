package net.trafficmirror.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.trafficmirror.packet.print.PrintOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-datagram path allocates nothing once warm (house style: hot paths allocate nothing per packet): the
 * receive thread's allocation counter barely moves over 20,000 datagrams through the socket, decapsulation,
 * sessions, and the file, flow and PCAP-over-IP sinks. Counted in bytes, not timed.
 */
class AllocationTest {
    @TempDir Path dir;

    @Test void receivePathAllocatesNothingPerDatagram() throws Exception {
        CollectorCounters sinkCounters = new CollectorCounters();
        List<PacketSink> sinks = List.of(
                new CaptureFiles(dir, CaptureFiles.Format.PCAP, 0, 0, 0, 0, false, sinkCounters),
                new FlowRecords(Writer.nullWriter(), 15, 1800, sinkCounters),
                new PcapOverIp(new InetSocketAddress("127.0.0.1", 0), sinkCounters));
        byte[][] datagrams = {
                TestFrames.vxlan(7348185, TestFrames.tcp("10.100.0.223", "18.209.184.162", 33962, 80, 0x18, 1, 100)),
                TestFrames.vxlan(7348185, TestFrames.udp("10.100.0.223", "10.100.0.2", 40000, 53, 30)),
                TestFrames.vxlan(42, TestFrames.ping("10.100.0.223", "10.100.0.177", 1, 1, 56))};
        try (RunningCollector c = new RunningCollector(sinks, "127.0.0.0/8", null, Map.of());
             DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            long sent = send(ch, c, datagrams, 20_000, 0);          // warm up: JIT, caches, sessions, flows
            c.awaitReceived(sent);
            Thread.sleep(500);                                      // let a tick or two pass
            long before = c.receiveThreadAllocatedBytes();
            sent = send(ch, c, datagrams, 20_000, sent);
            c.awaitReceived(sent);
            long perDatagram = (c.receiveThreadAllocatedBytes() - before) / 20_000;
            c.stop();
            // Ticks (5 a second: flushes, drop counters from /proc) allocate a little, spread over all datagrams.
            assertThat(perDatagram).as("bytes allocated per datagram").isLessThan(8); // less than the smallest object (16 bytes): not one allocation per datagram
        }
    }

    private static long send(DatagramChannel ch, RunningCollector c, byte[][] datagrams, int n, long already) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(2048);
        for (int i = 0; i < n; i++) {
            b.clear();
            b.put(datagrams[i % datagrams.length]).flip();
            ch.send(b, c.vxlan);
            if (i % 500 == 499) {
                long target = already + i + 1;
                while (c.counters.received + c.counters.socketDrops < target) Thread.onSpinWait();
            }
        }
        return already + n;
    }
}
