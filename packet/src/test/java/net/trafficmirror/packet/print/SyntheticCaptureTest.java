package net.trafficmirror.packet.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.stream.Stream;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared starter set: shared/testdata/synthetic.pcap printed with each flag set must equal, byte for byte, the
 * .out file Debian's tcpdump 4.99.3 printed for it (TZ=GMT0; see shared/testdata/README.md).
 */
class SyntheticCaptureTest {
    static Stream<Arguments> outputs() {
        return Stream.of(
                Arguments.of("synthetic.n.out", "-n"),
                Arguments.of("synthetic.n-e.out", "-n -e"),
                Arguments.of("synthetic.n-S.out", "-n -S"),
                Arguments.of("synthetic.n-v.out", "-n -v"),
                Arguments.of("synthetic.n-q.out", "-n -q"),
                Arguments.of("synthetic.n-tttt.out", "-n -tttt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void printsWhatTcpdumpPrinted(String expectedFile, String flags) throws IOException {
        Path dir = testdata();
        String expected = Files.readString(dir.resolve(expectedFile), StandardCharsets.ISO_8859_1);
        assertThat(print(dir.resolve("synthetic.pcap"), Flags.parse(flags))).isEqualTo(expected);
    }

    /** A copy of shared/testdata (synthetic.pcap and tcpdump's .out files), so a clean clone has it. */
    static Path testdata() {
        return Path.of("src", "test", "resources", "testdata");
    }

    static String print(Path capture, PrintOptions options) throws IOException {
        TcpdumpPrinter printer = new TcpdumpPrinter(options);
        TextSink sink = new TextSink();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            PacketRecord r = new PacketRecord();
            while (reader.next(r)) {
                sink.reset();
                printer.print(r.seconds, r.nanos, r.buffer, r.offset, r.caplen, r.wirelen, r.linkType, sink);
                sink.writeTo(out);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** tcpdump flags to PrintOptions (zone GMT, as the oracle runs with TZ=GMT0). */
    static final class Flags {
        static PrintOptions parse(String flags) {
            PrintOptions o = new PrintOptions();
            o.zone = ZoneId.of("GMT");
            for (String f : flags.split(" ")) {
                switch (f) {
                    case "" -> { }
                    case "-n", "-nn" -> o.names = PrintOptions.Names.NUMERIC;
                    case "--port-names" -> o.names = PrintOptions.Names.PORT_NAMES;
                    case "-e" -> o.linkHeader = true;
                    case "-t" -> o.timestampMode = 1;
                    case "-tt" -> o.timestampMode = 2;
                    case "-ttt" -> o.timestampMode = 3;
                    case "-tttt" -> o.timestampMode = 4;
                    case "-ttttt" -> o.timestampMode = 5;
                    case "--nano" -> o.nano = true;
                    case "-S" -> o.absoluteSeq = true;
                    case "-q" -> o.quiet = true;
                    case "-v" -> o.verbose = 1;
                    case "-vv" -> o.verbose = 2;
                    case "-vvv" -> o.verbose = 3;
                    case "-x" -> o.hex = 1;
                    case "-xx" -> o.hex = 2;
                    case "-X" -> o.hex = 3;
                    case "-XX" -> o.hex = 4;
                    case "-#" -> o.packetNumbers = true;
                    default -> throw new IllegalArgumentException(f);
                }
            }
            return o;
        }

        private Flags() {}
    }
}
