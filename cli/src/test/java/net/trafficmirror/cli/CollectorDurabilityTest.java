package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability of {@code tmirror collector -w} over loopback: after kill -9 the file reads in the real tcpdump with
 * at most a truncated-record warning and holds everything received up to a second before the kill; after SIGTERM it
 * holds every datagram received.
 */
class CollectorDurabilityTest {
    @TempDir Path dir;

    static int freeUdpPort() throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
    }

    Process start(int port, Path files) throws IOException, InterruptedException {
        List<String> cmd = CollectorNetnsTest.tmirror("collector", "--listen", "127.0.0.1:" + port, "--geneve-port", "0",
                "-w", files.toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        NamespacePair.awaitText(dir.resolve("err.txt"), "listening on", p);
        return p;
    }

    static byte[] datagram(int i) {
        byte[] d = new byte[8 + 14 + 20 + 8 + 200];
        d[0] = 0x08;
        d[6] = 42;
        d[8 + 12] = 0x08; // IPv4
        d[8 + 14] = 0x45;
        d[8 + 14 + 3] = (byte) (20 + 8 + 200);
        d[8 + 14 + 8] = 64;
        d[8 + 14 + 9] = 17;
        d[8 + 14 + 12] = 10;
        d[8 + 14 + 16] = 10;
        d[8 + 14 + 19] = 2;
        d[8 + 14 + 20 + 5] = (byte) (8 + 200);
        d[8 + 14 + 20 + 8] = (byte) (i >>> 8);
        d[8 + 14 + 20 + 9] = (byte) i;
        return d;
    }

    static Path onlyFile(Path files) throws IOException {
        try (Stream<Path> s = Files.list(files)) {
            List<Path> all = s.toList();
            assertThat(all).hasSize(1);
            return all.getFirst();
        }
    }

    /** Packets tcpdump reads from the file, and its stderr. */
    static String[] tcpdumpRead(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tcpdump", "-r", file.toString(), "-nn", "-q").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String[] {Long.toString(out.lines().count()), err};
    }

    @Test void killMinus9LosesAtMostTheLastSecond() throws Exception {
        NamespacePair.requireTool("tcpdump");
        int port = freeUdpPort();
        Path files = dir.resolve("files");
        Process p = start(port, files);
        long sentBeforeLastSecond = 0;
        try (DatagramChannel ch = DatagramChannel.open()) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
            long startNanos = System.nanoTime();
            long killAt = startNanos + 3_000_000_000L;
            int i = 0;
            long[] sentAt = new long[100_000];
            while (System.nanoTime() < killAt && i < sentAt.length) {
                ch.send(ByteBuffer.wrap(datagram(i)), to);
                sentAt[i++] = System.nanoTime();
                if (i % 50 == 0) Thread.sleep(1);
            }
            p.destroyForcibly(); // SIGKILL
            long killed = System.nanoTime();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            for (int k = 0; k < i; k++) if (sentAt[k] < killed - 1_000_000_000L) sentBeforeLastSecond++;
        }
        String[] read = tcpdumpRead(onlyFile(files));
        // tcpdump either reads cleanly or warns about the last, cut record, nothing else.
        assertThat(read[1].lines().filter(l -> !l.startsWith("reading from file")))
                .allMatch(l -> l.contains("truncated dump file"));
        assertThat(Long.parseLong(read[0])).isGreaterThanOrEqualTo(sentBeforeLastSecond).isPositive();
    }

    @Test void sigtermLosesNothing() throws Exception {
        NamespacePair.requireTool("tcpdump");
        int port = freeUdpPort();
        Path files = dir.resolve("files");
        Process p = start(port, files);
        int n = 3000;
        try (DatagramChannel ch = DatagramChannel.open()) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
            for (int i = 0; i < n; i++) {
                ch.send(ByteBuffer.wrap(datagram(i)), to);
                if (i % 100 == 0) Thread.sleep(1);
            }
        }
        Thread.sleep(300);
        assertThat(NamespacePair.terminate(p)).isZero();
        String err = Files.readString(dir.resolve("err.txt"));
        assertThat(err).contains(n + " datagrams received").contains(n + " records written");
        String[] read = tcpdumpRead(onlyFile(files));
        assertThat(read[0]).isEqualTo(Integer.toString(n));
        assertThat(read[1].lines().filter(l -> !l.startsWith("reading from file"))).isEmpty();
    }
}
