package net.trafficmirror.packet.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.trafficmirror.packet.LinkType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** pcap reading and writing, compared with what tshark and tcpdump (libpcap) read from the same bytes. */
@Tag("tools")
class PcapReaderTest {
    @TempDir Path dir;

    /** "seconds.nanoseconds caplen wirelen" per packet, as our reader sees the file. */
    static List<String> ours(Path file) throws IOException {
        List<String> l = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            PacketRecord p = new PacketRecord();
            while (r.next(p)) l.add(String.format("%d.%09d %d %d", p.seconds, p.nanos, p.caplen, p.wirelen));
        }
        return l;
    }

    /** The same, as tshark reads it. */
    static List<String> tsharks(Path file) throws Exception {
        RealTool t = RealTool.run("tshark", "-r", file.toString(), "-T", "fields", "-E", "separator= ",
                "-e", "frame.time_epoch", "-e", "frame.cap_len", "-e", "frame.len");
        assertThat(t.exitCode()).as(t.stderr()).isZero();
        return t.lines();
    }

    private Path writeSample(boolean nanos, int count) throws IOException {
        Path f = dir.resolve(nanos ? "ns.pcap" : "us.pcap");
        try (var out = Files.newOutputStream(f)) {
            PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, 1500, nanos);
            for (int i = 0; i < count; i++) {
                byte[] frame = TestFrames.udp(60 + (i * 97) % 1400, i);
                int caplen = i % 7 == 0 ? Math.min(64, frame.length) : frame.length;
                w.write(1_700_000_000L + i * 3600L, (int) (i * 12_345_679L % 1_000_000_000L), frame, 0, caplen, frame.length);
            }
            w.flush();
        }
        return f;
    }

    @ParameterizedTest(name = "nanos={0}")
    @ValueSource(booleans = {false, true})
    void writtenFileReadsLikeTshark(boolean nanos) throws Exception {
        Path f = writeSample(nanos, 200);
        List<String> ours = ours(f);
        assertThat(ours).hasSize(200).isEqualTo(tsharks(f));
        try (CaptureReader r = CaptureReader.open(f)) {
            assertThat(r.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(r.snaplen()).isEqualTo(1500);
            assertThat(r.nanosecondResolution()).isEqualTo(nanos);
        }
        RealTool td = RealTool.run("tcpdump", "-nn", "-r", f.toString());
        assertThat(td.exitCode()).isZero();
        assertThat(td.lines()).hasSize(200);
        assertThat(td.errorLines()).containsExactly("reading from file " + f + ", link-type EN10MB (Ethernet), snapshot length 1500");
    }

    @ParameterizedTest(name = "nanos={0}")
    @ValueSource(booleans = {false, true})
    void bigEndianFileReadsLikeTshark(boolean nanos) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 30 * (16 + 300)).order(ByteOrder.BIG_ENDIAN);
        b.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(LinkType.ETHERNET);
        for (int i = 0; i < 30; i++) {
            byte[] frame = TestFrames.udp(100 + i * 5, i);
            b.putInt(1_600_000_000 + i).putInt(nanos ? 999_999_000 + i : 999_990 + i).putInt(frame.length).putInt(frame.length + i).put(frame);
        }
        Path f = dir.resolve("be.pcap");
        Files.write(f, Arrays.copyOf(b.array(), b.position()));
        assertThat(ours(f)).hasSize(30).isEqualTo(tsharks(f));
    }

    /** Cuts a file inside its last record: every complete packet, then libpcap's message, like tcpdump. */
    @ParameterizedTest(name = "cut {0} bytes")
    @ValueSource(ints = {1, 10, 100, 200, 210, 215})
    void truncatedLastRecordLikeTcpdump(int cut) throws Exception {
        Path whole = writeSample(false, 12);
        byte[] all = Files.readAllBytes(whole);
        Path f = dir.resolve("cut.pcap");
        Files.write(f, Arrays.copyOf(all, all.length - cut));
        List<String> delivered = new ArrayList<>();
        String message;
        try (CaptureReader r = CaptureReader.open(f)) {
            PacketRecord p = new PacketRecord();
            try {
                while (r.next(p)) delivered.add(p.seconds + "." + p.nanos);
                message = null;
            } catch (CaptureTruncatedException e) {
                message = e.getMessage();
            }
        }
        RealTool td = RealTool.run("tcpdump", "-nn", "-r", f.toString());
        assertThat(td.exitCode()).isEqualTo(1);
        assertThat(delivered).hasSize(td.lines().size());
        assertThat(td.errorLines()).last().isEqualTo("tcpdump: pcap_loop: " + message);
    }

    @Test
    void caplenAboveMaximumIsAnErrorLikeTcpdump() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 300_000).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        b.putInt(1).putInt(2).putInt(300_000).putInt(300_000);
        Path f = dir.resolve("big.pcap");
        Files.write(f, b.array());
        RealTool td = RealTool.run("tcpdump", "-nn", "-r", f.toString());
        assertThat(td.exitCode()).isEqualTo(1);
        try (CaptureReader r = CaptureReader.open(f)) {
            assertThatThrownBy(() -> r.next(new PacketRecord()))
                    .isInstanceOf(CaptureFormatException.class)
                    .satisfies(e -> assertThat(td.errorLines()).last().asString()
                            .isEqualTo("tcpdump: pcap_loop: " + e.getMessage().replace(" (record at byte 24)", "")));
        }
    }

    /** A record longer than the file's snapshot length is cut to it, as libpcap does; tcpdump -w shows the result. */
    @Test
    void caplenAboveSnaplenIsCutLikeLibpcap() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 3 * (16 + 200)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(100).putInt(1);
        for (int i = 0; i < 3; i++) {
            byte[] frame = TestFrames.udp(200, i);
            b.putInt(10 + i).putInt(5).putInt(200).putInt(200).put(frame);
        }
        Path f = dir.resolve("oversnap.pcap");
        Files.write(f, b.array());
        Path rewritten = dir.resolve("rewritten.pcap");
        RealTool td = RealTool.run("tcpdump", "-r", f.toString(), "-w", rewritten.toString());
        assertThat(td.exitCode()).isZero();
        assertThat(ours(f)).isEqualTo(ours(rewritten)).hasSize(3).allMatch(s -> s.endsWith(" 100 200"));
        assertThat(payloads(f)).isEqualTo(payloads(rewritten));
    }

    private static List<String> payloads(Path f) throws IOException {
        List<String> l = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(f)) {
            PacketRecord p = new PacketRecord();
            while (r.next(p)) l.add(Arrays.toString(Arrays.copyOfRange(p.buffer, p.offset, p.offset + p.caplen)));
        }
        return l;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "garbage|68656c6c6f20776f726c64207468697320697320|unknown file format",
            "short header|d4c3b2a1020004000000|truncated dump file; tried to read 24 file header bytes, only got 6",
            "empty|''|truncated dump file; tried to read 4 file header bytes, only got 0",
            "version 3.4|d4c3b2a1030004000000000000000000ffff000001000000|unsupported pcap savefile version 3.4"})
    void corruptFileHeaderLikeTcpdump(String name, String hex, String tcpdumpSays) throws Exception {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        Path f = dir.resolve("bad.pcap");
        Files.write(f, bytes);
        RealTool td = RealTool.run("tcpdump", "-nn", "-r", f.toString());
        assertThat(td.exitCode()).isEqualTo(1);
        assertThat(td.errorLines()).containsExactly("tcpdump: " + tcpdumpSays);
        assertThatThrownBy(() -> CaptureReader.open(new ByteArrayInputStream(bytes)))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageStartingWith(tcpdumpSays);
    }

    @Test
    void recordsLargerThanTheReadBufferAndRecordsAcrossRefills() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PcapWriter w = new PcapWriter(bytes, LinkType.ETHERNET, 262144, false);
        int n = 0;
        long total = 0;
        while (total < 3L * CaptureReader.BUFFER_SIZE) {
            byte[] frame = TestFrames.udp(n % 5 == 0 ? 200_000 : 1000 + n, n);
            w.write(n, 0, frame, 0, frame.length, frame.length);
            total += frame.length + 16;
            n++;
        }
        w.flush();
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(bytes.toByteArray()))) {
            PacketRecord p = new PacketRecord();
            int i = 0;
            while (r.next(p)) {
                byte[] expected = TestFrames.udp(i % 5 == 0 ? 200_000 : 1000 + i, i);
                assertThat(Arrays.equals(p.buffer, p.offset, p.offset + p.caplen, expected, 0, expected.length)).as("packet " + i).isTrue();
                assertThat(p.seconds).isEqualTo(i);
                i++;
            }
            assertThat(i).isEqualTo(n);
        }
    }
}
