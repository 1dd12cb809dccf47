package net.trafficmirror.packet.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.params.provider.ValueSource;

/** pcapng reading and writing, compared with what tshark and tcpdump read from the same bytes. */
@Tag("tools")
class PcapngReaderTest {
    @TempDir Path dir;

    /** "interface seconds.nanoseconds caplen wirelen" per packet, as our reader sees the file. */
    static List<String> ours(Path file) throws IOException {
        List<String> l = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            PacketRecord p = new PacketRecord();
            while (r.next(p)) l.add(String.format("%d %d.%09d %d %d", p.interfaceId, p.seconds, p.nanos, p.caplen, p.wirelen));
        }
        return l;
    }

    static List<String> tsharks(Path file) throws Exception {
        RealTool t = RealTool.run("tshark", "-r", file.toString(), "-T", "fields", "-E", "separator= ",
                "-e", "frame.interface_id", "-e", "frame.time_epoch", "-e", "frame.cap_len", "-e", "frame.len");
        assertThat(t.exitCode()).as(t.stderr()).isZero();
        return t.lines();
    }

    @Test
    void writerOutputWithTwoInterfacesReadsLikeTshark() throws Exception {
        Path f = dir.resolve("two.pcapng");
        try (var out = Files.newOutputStream(f)) {
            PcapngWriter w = new PcapngWriter(out);
            int eth = w.addInterface(LinkType.ETHERNET, 9216, "vni-7348185", "session tms-0123456789abcdef0", false,
                    new PcapngOptions().comment("sender 10.0.0.5").comment("second comment"));
            int raw = w.addInterface(LinkType.RAW, 262144, "raw", null, true);
            for (int i = 0; i < 100; i++) {
                boolean e = i % 3 != 0;
                byte[] frame = e ? TestFrames.udp(60 + i * 13, i) : TestFrames.rawIp(40 + i * 7, i);
                w.writePacket(e ? eth : raw, 1_750_000_000L + i, i * 10_000_019 % 1_000_000_000, frame, 0,
                        i % 10 == 0 ? 40 : frame.length, frame.length, i % 4 == 0 ? "pkt " + i + " \u00e9\u20ac\ud83d\ude00" : null);
            }
            w.flush();
        }
        // the writer's µs interface drops sub-microsecond digits, as the file format requires
        List<String> expected = tsharks(f);
        assertThat(ours(f)).hasSize(100).isEqualTo(expected);
        RealTool names = RealTool.run("tshark", "-r", f.toString(), "-T", "fields", "-E", "separator=|",
                "-e", "frame.interface_name", "-e", "frame.comment", "-c", "4");
        assertThat(names.lines()).containsExactly("raw|pkt 0 \u00e9\u20ac\ud83d\ude00", "vni-7348185|", "vni-7348185|", "raw|");
        RealTool capinfos = RealTool.run("capinfos", "-I", f.toString());
        assertThat(capinfos.stdout()).contains("Description = session tms-0123456789abcdef0")
                .contains("Time precision = nanoseconds (9)").contains("Capture length = 9216");
    }

    @Test
    void singleInterfaceWriterOutputReadsInTcpdump() throws Exception {
        Path f = dir.resolve("one.pcapng");
        try (var out = Files.newOutputStream(f)) {
            PcapngWriter w = new PcapngWriter(out);
            w.addInterface(LinkType.ETHERNET, 65535, "eth0", null, true);
            for (int i = 0; i < 50; i++) {
                byte[] frame = TestFrames.udp(60 + i, i);
                w.writePacket(0, 1_750_000_000L + i, 123_456_789, frame, 0, frame.length, frame.length, null);
            }
            w.flush();
        }
        RealTool td = RealTool.run("tcpdump", "-nn", "--nano", "-tt", "-r", f.toString());
        assertThat(td.exitCode()).isZero();
        assertThat(td.errorLines()).containsExactly("reading from file " + f + ", link-type EN10MB (Ethernet), snapshot length 65535");
        assertThat(td.lines()).hasSize(50).allMatch(l -> l.matches("17500000\\d\\d\\.123456789 IP 192\\.0\\.2\\.1\\.4000 > .*"));
        try (CaptureReader r = CaptureReader.open(f)) {
            assertThat(r.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(r.snaplen()).isEqualTo(65535);
            assertThat(r.nanosecondResolution()).isTrue();
        }
    }

    /** Hand-built: two sections of opposite byte order, binary and decimal if_tsresol, if_tsoffset, SPB, OPB, unknown blocks. */
    @ParameterizedTest(name = "first section big-endian={0}")
    @ValueSource(booleans = {true, false})
    void handBuiltSectionsReadLikeTshark(boolean bigEndianFirst) throws Exception {
        Blocks b = new Blocks();
        ByteOrder first = bigEndianFirst ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteOrder second = bigEndianFirst ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        b.shb(first);
        b.block(4, new byte[4]); // name resolution block: skipped
        b.idb(LinkType.ETHERNET, 0, (byte) 0x94, 0);            // 2^-20 s
        b.idb(LinkType.RAW, 0, (byte) 3, 0);                     // ms
        b.idb(LinkType.ETHERNET, 1000, (byte) 9, 0);            // ns
        for (int i = 0; i < 20; i++) {
            int iface = i % 3;
            long units = switch (iface) {
                case 0 -> (1_700_000_000L + i) * (1L << 20) + i * 12345L;
                case 1 -> (1_700_000_000L + i) * 1000L + i;
                default -> (1_700_000_000L + i) * 1_000_000_000L + i * 999_999L;
            };
            byte[] frame = iface == 1 ? TestFrames.rawIp(200 + i, i) : TestFrames.udp(200 + i, i);
            b.epb(iface, units, frame, i % 2 == 0 ? frame.length : 100, frame.length + (i % 4));
        }
        b.shb(second);
        b.idb(LinkType.ETHERNET, 90, (byte) 6, 0);
        b.spb(TestFrames.udp(150, 1), 90);
        b.spb(TestFrames.udp(60, 2), 90);
        b.opb(0, 1_600_000_000_123_456L, TestFrames.udp(80, 3));
        b.block(5, new byte[20]); // interface statistics: skipped
        Path f = dir.resolve("hand.pcapng");
        Files.write(f, b.bytes());
        // simple packet blocks carry no timestamp: tshark prints none, we give 0
        List<String> ours = ours(f).stream().map(l -> l.replace(" 0.000000000 ", "  ")).toList();
        assertThat(ours).hasSize(23).isEqualTo(tsharks(f));
    }

    @Test
    void tsoffsetAddsSeconds() throws IOException {
        Blocks b = new Blocks();
        b.shb(ByteOrder.LITTLE_ENDIAN);
        b.idb(LinkType.ETHERNET, 0, (byte) 6, 1_000_000_000L);
        b.epb(0, 5_000_001L, TestFrames.udp(60, 0), 60, 60);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(b.bytes()))) {
            PacketRecord p = new PacketRecord();
            assertThat(r.next(p)).isTrue();
            assertThat(p.seconds).isEqualTo(1_000_000_005L);
            assertThat(p.nanos).isEqualTo(1000);
            assertThat(r.snaplen()).isEqualTo(CaptureReader.MAXIMUM_SNAPLEN);
        }
    }

    /** A cut inside the last block: every complete packet first, like tcpdump, then the truncation. */
    @ParameterizedTest(name = "cut {0} bytes")
    @ValueSource(ints = {1, 4, 30, 90})
    void truncatedLastBlockLikeTcpdump(int cut) throws Exception {
        Blocks b = new Blocks();
        b.shb(ByteOrder.LITTLE_ENDIAN);
        b.idb(LinkType.ETHERNET, 0, (byte) 6, 0);
        for (int i = 0; i < 5; i++) b.epb(0, 1_000_000L * i, TestFrames.udp(100, i), 100, 100);
        byte[] all = b.bytes();
        Path f = dir.resolve("cut.pcapng");
        Files.write(f, Arrays.copyOf(all, all.length - cut));
        int delivered = 0;
        try (CaptureReader r = CaptureReader.open(f)) {
            PacketRecord p = new PacketRecord();
            while (true) {
                try {
                    if (!r.next(p)) break;
                    delivered++;
                } catch (CaptureTruncatedException e) {
                    break;
                }
            }
        }
        RealTool td = RealTool.run("tcpdump", "-nn", "-r", f.toString());
        assertThat(td.exitCode()).isEqualTo(1);
        assertThat(td.errorLines()).last().asString().startsWith("tcpdump: pcap_loop: truncated pcapng dump file");
        assertThat(delivered).isEqualTo(td.lines().size()).isEqualTo(4);
    }

    @Test
    void corruptBlocksGiveOneClearLine() {
        Blocks bad = new Blocks();
        bad.shb(ByteOrder.LITTLE_ENDIAN);
        bad.idb(LinkType.ETHERNET, 0, (byte) 6, 0);
        bad.epb(3, 0, TestFrames.udp(60, 0), 60, 60);
        assertThatThrownBy(() -> read(bad.bytes())).isInstanceOf(CaptureFormatException.class)
                .hasMessage("pcapng packet block at byte 68 names interface 3 but the section describes 1");
        byte[] badLength = new Blocks().shb(ByteOrder.LITTLE_ENDIAN).bytes();
        badLength[4] = 13;
        assertThatThrownBy(() -> read(badLength)).isInstanceOf(CaptureFormatException.class)
                .hasMessage("pcapng block of type 168627466 at byte 0 has an invalid length 13");
        byte[] bom = new Blocks().shb(ByteOrder.LITTLE_ENDIAN).bytes();
        bom[8] = 0;
        assertThatThrownBy(() -> read(bom)).isInstanceOf(CaptureFormatException.class)
                .hasMessage("pcapng section header at byte 0 has an unknown byte-order magic 0x003c2b1a");
        assertThatThrownBy(() -> read(new Blocks().shb(ByteOrder.BIG_ENDIAN).bytes())).isInstanceOf(CaptureFormatException.class)
                .hasMessage("pcapng file has no interface description block");
    }

    @Test
    void caplenAboveSnaplenIsAnErrorLikeTcpdump() throws Exception {
        Blocks b = new Blocks();
        b.shb(ByteOrder.LITTLE_ENDIAN);
        b.idb(LinkType.ETHERNET, 128, (byte) 6, 0);
        b.epb(0, 1_000_000L, TestFrames.udp(200, 0), 200, 200);
        Path f = dir.resolve("snap.pcapng");
        Files.write(f, b.bytes());
        RealTool td = RealTool.run("tcpdump", "-nn", "-r", f.toString());
        assertThat(td.exitCode()).isEqualTo(1);
        assertThatThrownBy(() -> read(b.bytes())).isInstanceOf(CaptureFormatException.class)
                .satisfies(e -> assertThat(td.errorLines()).last().asString()
                        .isEqualTo("tcpdump: pcap_loop: " + e.getMessage().replace(" (block at byte 68)", "")));
    }

    private static void read(byte[] bytes) throws IOException {
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(bytes))) {
            PacketRecord p = new PacketRecord();
            while (r.next(p)) {
                assertThat(p.caplen).isPositive();
            }
        }
    }

    /** Builds pcapng blocks by hand, in the current section's byte order. */
    static final class Blocks {
        private final ByteBuffer out = ByteBuffer.allocate(1 << 20);
        private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

        Blocks shb(ByteOrder o) {
            order = o;
            ByteBuffer body = ByteBuffer.allocate(16).order(o);
            body.putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1);
            return block(0x0a0d0d0a, body.array());
        }

        Blocks idb(int linkType, int snaplen, byte tsresol, long tsoffset) {
            ByteBuffer body = ByteBuffer.allocate(8 + 8 + 12 + 8 + 4).order(order);
            body.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
            body.putShort((short) 9).putShort((short) 1).put(tsresol).put(new byte[3]);
            byte[] name = "if".getBytes(StandardCharsets.US_ASCII);
            body.putShort((short) 2).putShort((short) name.length).put(name).put(new byte[2]);
            if (tsoffset != 0) body.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
            body.putInt(0);
            return block(1, Arrays.copyOf(body.array(), body.position()));
        }

        Blocks epb(int iface, long units, byte[] frame, int caplen, int wirelen) {
            ByteBuffer body = ByteBuffer.allocate(20 + ((caplen + 3) & ~3)).order(order);
            body.putInt(iface).putInt((int) (units >>> 32)).putInt((int) units).putInt(caplen).putInt(wirelen);
            body.put(frame, 0, caplen);
            return block(6, body.array());
        }

        Blocks opb(int iface, long units, byte[] frame) {
            ByteBuffer body = ByteBuffer.allocate(20 + ((frame.length + 3) & ~3)).order(order);
            body.putShort((short) iface).putShort((short) 0).putInt((int) (units >>> 32)).putInt((int) units)
                    .putInt(frame.length).putInt(frame.length).put(frame);
            return block(2, body.array());
        }

        /** §4.4: the block holds min(original length, interface 0's snapshot length) bytes. */
        Blocks spb(byte[] frame, int snaplen) {
            int caplen = Math.min(frame.length, snaplen);
            ByteBuffer body = ByteBuffer.allocate(4 + ((caplen + 3) & ~3)).order(order);
            body.putInt(frame.length).put(frame, 0, caplen);
            return block(3, body.array());
        }

        Blocks block(int type, byte[] body) {
            int padded = (body.length + 3) & ~3;
            int len = 12 + padded;
            out.order(order).putInt(type).putInt(len).put(body).put(new byte[padded - body.length]).putInt(len);
            return this;
        }

        byte[] bytes() {
            return Arrays.copyOf(out.array(), out.position());
        }
    }
}
