package net.trafficmirror.packet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.io.CaptureFormatException;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;
import net.trafficmirror.packet.io.PcapWriter;
import net.trafficmirror.packet.print.PrintOptions;
import net.trafficmirror.packet.print.TcpdumpPrinter;
import net.trafficmirror.packet.print.TextSink;

/**
 * Fuzzing (Jazzer) of the read → print pipeline that {@code tmirror read} runs: fuzzed frames on every supported
 * link type, written as a capture, read back and printed under fuzzed printer flags. No exception may escape and
 * every packet's text must end in a newline (tcpdump's pretty_print_packet contract).
 */
class ReadPrintFuzzTest {
    private static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL, LinkType.LINUX_SLL2,
            LinkType.NULL, LinkType.IPV4, LinkType.IPV6};

    @FuzzTest(maxDuration = "20s")
    void readAndPrint(FuzzedDataProvider data) throws IOException {
        PrintOptions o = new PrintOptions();
        o.names = data.pickValue(PrintOptions.Names.values());
        o.linkHeader = data.consumeBoolean();
        o.timestampMode = data.consumeInt(0, 5);
        o.nano = data.consumeBoolean();
        o.absoluteSeq = data.consumeBoolean();
        o.quiet = data.consumeBoolean();
        o.verbose = data.consumeInt(0, 3);
        o.hex = data.consumeInt(0, 4);
        o.packetNumbers = data.consumeBoolean();
        o.zone = ZoneOffset.UTC;
        int linkType = data.pickValue(LINK_TYPES);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        PcapWriter w = new PcapWriter(file, linkType, 262144, o.nano);
        int packets = data.consumeInt(1, 4);
        for (int i = 0; i < packets; i++) {
            byte[] frame = data.consumeBytes(data.consumeInt(0, 1600));
            int wire = frame.length + data.consumeInt(0, 64);
            w.write(data.consumeLong(0, 0xffffffffL), data.consumeInt(0, 999_999_999), frame, 0, frame.length, wire);
        }
        w.flush();
        TcpdumpPrinter printer = new TcpdumpPrinter(o);
        TextSink out = new TextSink();
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file.toByteArray()), 256)) {
            PacketRecord p = new PacketRecord();
            while (r.next(p)) {
                out.reset();
                printer.print(p.seconds, p.nanos, p.buffer, p.offset, p.caplen, p.wirelen, p.linkType, out);
                assertThat(out.length()).isPositive();
                assertThat(out.byteAt(out.length() - 1)).as(out.toString()).isEqualTo('\n');
            }
        } catch (CaptureFormatException e) {
            throw new AssertionError("our own writer's file did not read back", e);
        }
    }
}
