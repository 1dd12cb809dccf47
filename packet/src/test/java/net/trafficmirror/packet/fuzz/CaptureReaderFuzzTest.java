package net.trafficmirror.packet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import net.trafficmirror.packet.io.CaptureFormatException;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;

/**
 * Coverage-guided fuzzing (Jazzer) of the pcap and pcapng readers: whatever the bytes, a reader either delivers
 * packets that lie inside its buffer or says {@link CaptureFormatException}; nothing else may escape. The input is
 * put behind a valid file header chosen by the fuzzer, so mutations reach the record and block parsers.
 */
class CaptureReaderFuzzTest {
    /** pcap file headers: µs and ns magic, little- and big-endian, Ethernet, snaplen 65535. */
    private static final byte[][] PCAP_HEADERS = {
            hex("d4c3b2a1020004000000000000000000ffff000001000000"),
            hex("4d3cb2a1020004000000000000000000ffff000001000000"),
            hex("a1b2c3d40002000400000000000000000000ffff00000001"),
            hex("a1b23c4d0002000400000000000000000000ffff00000001")};
    /** pcapng section headers (little- and big-endian) followed by one Ethernet interface. */
    private static final byte[][] PCAPNG_HEADERS = {
            hex("0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000" + "01000000140000000100000000000000" + "14000000"),
            hex("0a0d0d0a0000001c1a2b3c4d00010000ffffffffffffffff0000001c" + "00000001000000140001000000000000" + "00000014")};

    @FuzzTest(maxDuration = "20s")
    void pcapAndPcapng(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 6);
        byte[] body = data.consumeRemainingAsBytes();
        byte[] input;
        if (kind < 4) input = concat(PCAP_HEADERS[kind], body);
        else if (kind < 6) input = concat(PCAPNG_HEADERS[kind - 4], body);
        else input = body;
        readAll(input);
    }

    static void readAll(byte[] input) {
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(input), 256)) {
            PacketRecord p = new PacketRecord();
            int n = 0;
            while (r.next(p) && n++ < 100_000) {
                assertThat(p.caplen).isBetween(0, CaptureReader.MAXIMUM_SNAPLEN);
                assertThat(p.offset).isNotNegative();
                assertThat(p.offset + p.caplen).isLessThanOrEqualTo(p.buffer.length);
                assertThat(p.nanos).isNotNegative();
            }
        } catch (CaptureFormatException expected) {
            // corrupt or truncated input is reported, which is all a reader owes
        } catch (IOException e) {
            throw new AssertionError("a byte array cannot fail to read", e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
