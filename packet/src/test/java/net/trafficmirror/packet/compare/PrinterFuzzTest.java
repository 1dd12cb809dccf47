package net.trafficmirror.packet.compare;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import net.trafficmirror.packet.print.TcpdumpPrinter;
import net.trafficmirror.packet.print.TextSink;

/**
 * Coverage-guided fuzzing (Jazzer) of the decoders and the printer: any bytes, as a frame of any supported link
 * type, printed with any of the comparison's flag sets, must neither throw nor end without a newline (issue 2).
 *
 * <p>Input layout, so the seeds in PrinterFuzzTestInputs can be real corpus frames: byte 0 picks the link type,
 * byte 1 the flag set, byte 2 how the wire length relates to the captured length (equal, longer as after a short
 * snaplen, or shorter, which tcpdump reports as an invalid header), bytes 3-10 the timestamp, the rest is the frame.
 * One printer per flag set lives across inputs, so the TCP sequence table and delta timestamps see long runs too.
 */
class PrinterFuzzTest {
    private static final int[] LINK_TYPES = {1, 113, 276, 101, 228, 229, 0};
    private static final List<FlagSet> FLAG_SETS = FlagSet.all();
    private static final TcpdumpPrinter[] PRINTERS = new TcpdumpPrinter[FLAG_SETS.size()];
    private static final TextSink SINK = new TextSink();

    static {
        for (int i = 0; i < PRINTERS.length; i++) PRINTERS[i] = new TcpdumpPrinter(FLAG_SETS.get(i).options());
    }

    @FuzzTest(maxDuration = "20s")
    void everyFramePrintsOneNewlineTerminatedText(byte[] input) {
        if (input.length < 11) return;
        int linkType = LINK_TYPES[(input[0] & 0xff) % LINK_TYPES.length];
        int flags = (input[1] & 0xff) % FLAG_SETS.size();
        int caplen = input.length - 11;
        int wirelen = switch (input[2] & 3) {
            case 0, 1 -> caplen;
            case 2 -> caplen + (input[2] & 0xff) * 37;
            default -> caplen / 2;
        };
        long seconds = (input[3] & 0xffL) << 24 | (input[4] & 0xff) << 16 | (input[5] & 0xff) << 8 | (input[6] & 0xff);
        int nanos = ((input[7] & 0x3f) << 24 | (input[8] & 0xff) << 16 | (input[9] & 0xff) << 8 | (input[10] & 0xff)) % 1_000_000_000;
        SINK.reset();
        PRINTERS[flags].print(seconds, nanos, input, 11, caplen, wirelen, linkType, SINK);
        assertTrue(SINK.length() > 0 && SINK.byteAt(SINK.length() - 1) == '\n',
                () -> "output does not end in a newline: " + SINK);
    }
}
