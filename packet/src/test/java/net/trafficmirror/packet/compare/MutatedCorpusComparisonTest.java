package net.trafficmirror.packet.compare;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.trafficmirror.packet.io.CaptureFormatException;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;
import net.trafficmirror.packet.io.PcapWriter;
import net.trafficmirror.packet.print.TcpdumpPrinter;
import net.trafficmirror.packet.print.TextSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential fuzzing against the real tcpdump: the corpus's frames, truncated and with flipped or overwritten
 * header bytes (seeded, so every run builds the same {@value #PACKETS} packets), are written as one pcap per link
 * type to target/tcpdump-compare and printed by tcpdump and by our printer with a few flag sets. Packets are
 * compared one by one: with {@code -tt}, packet i's first line starts with its own timestamp BASE+i.
 *
 * <p>Our printer must never throw and must end every packet with a newline. The number of packets that print
 * differently is held to captures/KNOWN-DIFFS-MUTATED ({@code PCAP FLAGS COUNT}): more fails (a regression), fewer
 * fails too until the count is lowered, so the number only goes down. Every differing packet is written to
 * target/tcpdump-compare/mutated-report.txt, with both texts. {@code -Dcompare.rewriteKnownDiffs=true} rewrites
 * the counts.
 */
@Tag("netns")
class MutatedCorpusComparisonTest {
    static final int PACKETS = 2000;
    /** {@code -Dcompare.mutatedPackets=N} builds N packets instead, for a deeper local sweep: report only, no counts. */
    private static final int SWEEP = Integer.getInteger("compare.mutatedPackets", 0);
    private static final long BASE = 1_700_000_000L;
    private static final Path OUT = Path.of("target", "tcpdump-compare");
    private static final Path COUNTS = TcpdumpComparisonTest.CORPUS.resolve("KNOWN-DIFFS-MUTATED");
    private static final List<String> FLAGS = List.of("-n -tt", "-n -tt -vv", "-tt -e -v", "-n -tt -q -S", "-n -tt -v -x");
    private static final Map<String, Integer> MEASURED = new TreeMap<>();

    @TestFactory
    Stream<DynamicTest> mutatedFramesPrintAsTcpdumpDoes() throws IOException {
        Files.createDirectories(OUT);
        Files.deleteIfExists(OUT.resolve("mutated-report.txt"));
        Map<String, Integer> allowed = readCounts();
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<Integer, List<byte[][]>> e : framesByLinkType().entrySet()) {
            Path pcap = writeMutated(e.getKey(), e.getValue());
            for (String flags : FLAGS) {
                String key = pcap.getFileName() + " " + flags;
                tests.add(DynamicTest.dynamicTest(key, () -> compare(pcap, FlagSet.of(flags), key, allowed.get(key))));
            }
        }
        return tests.stream();
    }

    private static void compare(Path pcap, FlagSet flags, String key, Integer allowed) throws IOException {
        List<String> ours = printEachPacket(pcap, flags);
        TcpdumpOracle.require(flags.namespaced());
        List<String> theirs = splitByTimestamp(TcpdumpOracle.run(pcap, flags.tcpdumpArgs(), flags.namespaced()).stdout(), ours.size());
        StringBuilder report = new StringBuilder();
        int differing = 0;
        for (int i = 0; i < ours.size(); i++) {
            if (!ours.get(i).equals(theirs.get(i))) {
                differing++;
                report.append(key).append(" packet ").append(i + 1).append("\n--- tcpdump\n").append(theirs.get(i))
                        .append("--- ours\n").append(ours.get(i)).append('\n');
            }
        }
        Files.writeString(OUT.resolve("mutated-report.txt"), report, StandardCharsets.ISO_8859_1,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        synchronized (MEASURED) {
            MEASURED.put(key, differing);
        }
        if (SWEEP > 0 || Boolean.getBoolean("compare.rewriteKnownDiffs")) return;
        int limit = allowed == null ? 0 : allowed;
        if (differing > limit) {
            fail(key + ": " + differing + " of " + ours.size() + " mutated packets print differently from tcpdump, "
                    + "KNOWN-DIFFS-MUTATED allows " + limit + "; see target/tcpdump-compare/mutated-report.txt");
        }
        if (differing < limit) {
            fail(key + ": only " + differing + " packets differ now (allowed " + limit + "): lower its count in KNOWN-DIFFS-MUTATED");
        }
    }

    /** Our text per packet; a thrown exception or a packet not ending in a newline fails the test at once. */
    private static List<String> printEachPacket(Path pcap, FlagSet flags) throws IOException {
        TcpdumpPrinter printer = new TcpdumpPrinter(flags.options());
        TextSink sink = new TextSink();
        PacketRecord r = new PacketRecord();
        List<String> texts = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(pcap)) {
            while (reader.next(r)) {
                sink.reset();
                try {
                    printer.print(r.seconds, r.nanos, r.buffer, r.offset, r.caplen, r.wirelen, r.linkType, sink);
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError(pcap + " packet " + (texts.size() + 1) + " with " + flags.name() + " threw", e);
                }
                String text = sink.toString();
                assertTrue(text.endsWith("\n"), pcap + " packet " + (texts.size() + 1) + " does not end in a newline: " + text);
                texts.add(text);
            }
        }
        return texts;
    }

    /** Cuts tcpdump's stdout before each line that starts with the next packet's -tt timestamp. */
    private static List<String> splitByTimestamp(byte[] stdout, int packets) {
        String text = new String(stdout, StandardCharsets.ISO_8859_1);
        List<String> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= packets; i++) {
            String next = "\n" + (BASE + i + 1) + ".000000 "; // packet i+1 (1-based) has BASE+i+1
            int at = i < packets ? text.indexOf(next, start) : -1;
            int end = at < 0 ? text.length() : at + 1;
            chunks.add(start <= text.length() ? text.substring(start, end) : "");
            start = end;
        }
        return chunks;
    }

    /** Every frame of the corpus with its wire length, grouped by link type. */
    private static Map<Integer, List<byte[][]>> framesByLinkType() throws IOException {
        Map<Integer, List<byte[][]>> frames = new TreeMap<>();
        PacketRecord r = new PacketRecord();
        for (Path capture : TcpdumpComparisonTest.captures()) {
            if (capture.getFileName().toString().matches("(malformed|bad-records|truncated-last).*")) continue;
            try (CaptureReader reader = CaptureReader.open(capture)) {
                while (reader.next(r)) {
                    if (r.caplen == 0 || r.caplen != r.wirelen) continue; // mutate whole frames only
                    frames.computeIfAbsent(r.linkType, k -> new ArrayList<>())
                            .add(new byte[][] {Arrays.copyOfRange(r.buffer, r.offset, r.offset + r.caplen)});
                }
            } catch (CaptureFormatException e) {
                // a deliberately broken file: its intact records were taken
            }
        }
        return frames;
    }

    /**
     * Writes mutated frames of one link type: Ethernet gets 70% of {@link #PACKETS}, every other link type 5%.
     * Each packet is a random corpus frame, truncated (as a short snaplen does), with 1-3 header bytes flipped or
     * overwritten with 0x00, 0xff or a random value, or both.
     */
    private static Path writeMutated(int linkType, List<byte[][]> frames) throws IOException {
        int total = SWEEP > 0 ? SWEEP : PACKETS;
        int count = linkType == 1 ? total - total * 3 / 10 : total / 20;
        Random random = new Random(7348185L * 31 + linkType);
        Path pcap = OUT.resolve("mutated-" + linkType + ".pcap");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(pcap))) {
            PcapWriter writer = new PcapWriter(out, linkType, 262144, false);
            for (int i = 1; i <= count; i++) {
                byte[] frame = frames.get(random.nextInt(frames.size()))[0].clone();
                int caplen = frame.length;
                int wirelen = frame.length;
                int kind = random.nextInt(5);
                if (kind == 0 || kind == 3) caplen = 1 + random.nextInt(caplen);
                if (kind == 4) wirelen = caplen = 1 + random.nextInt(caplen); // a frame short on the wire too
                if (kind >= 1) {
                    int window = Math.min(caplen, 96);
                    for (int n = 1 + random.nextInt(3); n > 0; n--) {
                        int at = random.nextInt(window);
                        frame[at] = switch (random.nextInt(4)) {
                            case 0 -> (byte) (frame[at] ^ (1 << random.nextInt(8)));
                            case 1 -> 0;
                            case 2 -> (byte) 0xff;
                            default -> (byte) random.nextInt(256);
                        };
                    }
                }
                writer.write(BASE + i, 0, frame, 0, caplen, wirelen);
            }
            writer.flush();
        }
        return pcap;
    }

    private static Map<String, Integer> readCounts() throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        if (!Files.exists(COUNTS)) return counts;
        for (String line : Files.readAllLines(COUNTS)) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            int cut = s.lastIndexOf(' ');
            counts.put(s.substring(0, cut), Integer.parseInt(s.substring(cut + 1)));
        }
        return counts;
    }

    @AfterAll
    static void rewriteCounts() throws IOException {
        if (SWEEP > 0 || !Boolean.getBoolean("compare.rewriteKnownDiffs")) return;
        Map<String, Integer> merged = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (String line : Files.exists(COUNTS) ? Files.readAllLines(COUNTS) : List.<String>of()) {
            if (line.startsWith("#")) lines.add(line);
        }
        merged.putAll(MEASURED);
        merged.forEach((k, v) -> { if (v > 0) lines.add(k + " " + v); });
        Files.write(COUNTS, lines);
    }
}
