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
import java.util.Random;
import net.trafficmirror.packet.print.PrintOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded fuzz and soak: random and mutated datagrams (valid VXLAN/GENEVE/GWLB with flipped bytes, cut at random
 * lengths, pure noise) into a collector with every sink attached. It must stay up, account for every datagram,
 * and keep its heap bounded.
 */
class CollectorSoakTest {
    static final int DATAGRAMS = 150_000;
    @TempDir Path dir;

    @Test void randomAndMutatedDatagramsAreCountedAndNeverStopTheCollector() throws Exception {
        CollectorCounters fileCounters = new CollectorCounters();
        List<PacketSink> sinks = List.of(
                new TcpdumpText(new PrintOptions(), false, OutputStream.nullOutputStream()),
                new TcpdumpText(verbose(), true, OutputStream.nullOutputStream()),
                new CaptureFiles(dir, CaptureFiles.Format.PCAPNG, 4 << 20, 0, 3, 0, true, fileCounters),
                new FlowRecords(Writer.nullWriter(), 1, 5, fileCounters),
                new PcapOverIp(new InetSocketAddress("127.0.0.1", 0), fileCounters));
        Random r = new Random(2026);
        byte[][] seeds = {
                TestFrames.vxlan(7348185, TestFrames.tcp("10.0.0.1", "10.0.0.2", 1234, 80, 0x18, 1, 300)),
                TestFrames.vxlan(1, TestFrames.udp("10.0.0.1", "10.0.0.2", 5353, 53, 40)),
                TestFrames.vxlan(2, TestFrames.ping("10.0.0.1", "10.0.0.2", 1, 1, 56)),
                TestFrames.geneveEthernet(3, TestFrames.udp("10.0.0.1", "10.0.0.2", 1, 2, 1400)),
                TestFrames.gwlb(4, "10.0.0.1", "10.0.0.9", 5, TestFrames.tcp("1.1.1.1", "2.2.2.2", 443, 5555, 0x12, 9, 0))};
        long heapAtHalf = 0;
        try (RunningCollector c = new RunningCollector(sinks, null, null, Map.of());
             DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            ByteBuffer buf = ByteBuffer.allocate(9200);
            for (int i = 0; i < DATAGRAMS; i++) {
                byte[] d = mutate(r, seeds[r.nextInt(seeds.length)]);
                buf.clear();
                buf.put(d).flip();
                ch.send(buf, r.nextInt(4) == 0 ? c.geneve : c.vxlan);
                if (i % 2000 == 0) Thread.sleep(2); // let the receiver keep up most of the time; drops are counted anyway
                if (i == DATAGRAMS / 2) heapAtHalf = usedHeap();
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            CollectorCounters n = c.counters;
            while (n.received + n.socketDrops < DATAGRAMS && System.nanoTime() < deadline) Thread.sleep(50);
            c.stop();
            assertThat(n.received + n.socketDrops).isEqualTo(DATAGRAMS);
            assertThat(n.decapsulated + n.malformedTotal() + n.notAllowed).isEqualTo(n.received);
            assertThat(n.malformedTotal()).isPositive();
            assertThat(n.decapsulated).isPositive();
            assertThat(n.truncatedAtSource).isPositive();
        }
        long heapAtEnd = usedHeap();
        assertThat(heapAtEnd - heapAtHalf).as("heap growth over the second half").isLessThan(32L << 20);
    }

    /** A seed with a few random bytes changed, cut or extended, or pure noise. */
    static byte[] mutate(Random r, byte[] seed) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            byte[] noise = new byte[r.nextInt(200)];
            r.nextBytes(noise);
            return noise;
        }
        byte[] d = java.util.Arrays.copyOf(seed, kind == 1 ? r.nextInt(seed.length + 1) : kind == 2 ? seed.length + r.nextInt(64) : seed.length);
        int flips = kind < 5 ? 0 : r.nextInt(6);
        for (int i = 0; i < flips && d.length > 0; i++) d[r.nextInt(Math.min(d.length, 80))] = (byte) r.nextInt(256);
        return d;
    }

    static PrintOptions verbose() {
        PrintOptions o = new PrintOptions();
        o.verbose = 2;
        o.linkHeader = true;
        o.hex = 4;
        return o;
    }

    static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
