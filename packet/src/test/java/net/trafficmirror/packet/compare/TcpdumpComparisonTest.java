package net.trafficmirror.packet.compare;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 2's main check: every capture of the corpus (packet/src/test/resources/captures, made by
 * packet/src/test/scripts/make-captures.sh) printed with every {@link FlagSet} must be byte-identical to what the
 * real tcpdump 4.99.3 prints for the same file and flags (TZ=GMT0). Each capture × flags is its own test.
 *
 * <p>Cases listed in captures/KNOWN-DIFFS are known to differ: they pass, named "[known difference]", while they
 * still differ, and fail once they match, so the list only shrinks. Every difference is also written to
 * target/tcpdump-compare/report.txt, with both whole outputs beside it (CAPTURE_FLAGS.tcpdump/.ours). tcpdump runs two at a time, ahead of the tests that need it.
 *
 * <p>{@code -Dcompare.rewriteKnownDiffs=true} rewrites KNOWN-DIFFS with exactly the cases that differ in this run
 * (keeping its comment lines) and passes them all: for whoever fixes the printer, to shrink the list at once.
 */
@Tag("netns")
class TcpdumpComparisonTest {
    static final Path CORPUS = Path.of("src", "test", "resources", "captures");
    private static final Path REPORT = Path.of("target", "tcpdump-compare", "report.txt");
    private static final ExecutorService TCPDUMP_RUNS = Executors.newFixedThreadPool(2);
    private static final Map<String, CompletableFuture<TcpdumpOracle.Result>> ORACLE = new ConcurrentHashMap<>();
    private static final boolean REWRITE = Boolean.getBoolean("compare.rewriteKnownDiffs");
    private static final Set<String> DIFFERING = ConcurrentHashMap.newKeySet();

    static List<Path> captures() {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicContainer> everyCaptureWithEveryFlagSet() throws IOException {
        KnownDiffs known = new KnownDiffs(CORPUS.resolve("KNOWN-DIFFS"));
        List<Path> captures = captures();
        List<FlagSet> flagSets = FlagSet.all();
        Files.createDirectories(REPORT.getParent());
        try (Stream<Path> old = Files.list(REPORT.getParent())) {
            for (Path p : old.filter(p -> p.toString().matches(".*\\.(tcpdump|ours)$") || p.equals(REPORT)).toList()) {
                Files.delete(p);
            }
        }
        if (Files.isExecutable(TcpdumpOracle.TCPDUMP)) {
            for (Path c : captures) for (FlagSet f : flagSets) oracle(c, f);
        }
        return captures.stream().map(c -> DynamicContainer.dynamicContainer(c.getFileName().toString(),
                flagSets.stream().map(f -> DynamicTest.dynamicTest(
                        known.contains(c.getFileName().toString(), f.name()) ? f.name() + " [known difference]" : f.name(),
                        () -> compare(c, f, known)))));
    }

    private static CompletableFuture<TcpdumpOracle.Result> oracle(Path capture, FlagSet flags) {
        return ORACLE.computeIfAbsent(capture + " " + flags.name(), k -> CompletableFuture.supplyAsync(
                () -> TcpdumpOracle.run(capture, flags.tcpdumpArgs(), flags.namespaced()), TCPDUMP_RUNS));
    }

    private static void compare(Path capture, FlagSet flags, KnownDiffs known) {
        TcpdumpOracle.require(flags.namespaced());
        TcpdumpOracle.Result expected = oracle(capture, flags).join();
        PrintedCapture ours = PrintedCapture.print(capture, flags.options());
        String name = capture.getFileName().toString();
        String difference = Difference.describe(expected.stdout(), ours);
        boolean listed = known.contains(name, flags.name());
        if (difference != null) report(name + " " + flags.name() + ": " + difference, expected.stdout(), ours.text());
        if (REWRITE) {
            if (difference != null) DIFFERING.add(KnownDiffs.key(name, flags.name()));
            return;
        }
        // A listed case passes while it still differs (the difference is in the report): the list is a ratchet,
        // never a skip, so CI runs and checks every case.
        if (difference != null && listed) return;
        if (difference != null) fail(name + " with " + flags.name() + " differs from tcpdump: " + difference);
        if (listed) fail(KnownDiffs.key(name, flags.name()) + " now matches tcpdump: remove it from captures/KNOWN-DIFFS");
    }

    /** Appends the difference to the report and keeps both whole outputs beside it, for a line-by-line diff. */
    private static synchronized void report(String text, byte[] tcpdump, byte[] ours) {
        try {
            Files.writeString(REPORT, text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            String base = text.substring(0, text.indexOf(": first difference")).replace(' ', '_');
            Files.write(REPORT.resolveSibling(base + ".tcpdump"), tcpdump);
            Files.write(REPORT.resolveSibling(base + ".ours"), ours);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopRuns() throws IOException {
        TCPDUMP_RUNS.shutdownNow();
        if (REWRITE) KnownDiffs.rewrite(CORPUS.resolve("KNOWN-DIFFS"), DIFFERING);
    }
}
