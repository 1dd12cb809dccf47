package net.trafficmirror.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.trafficmirror.cli.ToolRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code tmirror read} run as its own JVM process against the real {@code tcpdump -r} on captures of
 * the comparison corpus (packet/src/test/resources/captures). Compared: stdout byte for byte, stderr's first line
 * ({@code reading from file F, link-type ..., snapshot length N}), the exit status, and for a file that ends inside
 * a record, tcpdump's error message after its {@code tcpdump: } prefix (ours says {@code tmirror: }); for a corrupt
 * header, one {@code tmirror: } line without a stack trace. Cases listed as {@code read: CAPTURE FLAGS} in captures/KNOWN-DIFFS pass while they
 * differ and fail once they match.
 */
@Tag("netns")
class ReadCommandVersusTcpdumpTest {
    private static final Path CORPUS = Path.of("..", "packet", "src", "test", "resources", "captures");
    private static final Path TCPDUMP = Path.of("/usr/bin/tcpdump");

    /** CAPTURE then flags; flags without -n run tcpdump in an empty network namespace (no reverse DNS). */
    private static final List<String> CASES = List.of(
            "http-ipv4.pcap -n", "http-ipv4.pcap -nn -v -c 7", "dns-udp.pcap -n -vv port 53 and udp",
            "vxlan.pcap --port-names", "vxlan.pcap -e", "sll2.pcap -n -e", "sll.pcap -n", "multi-if.pcapng -n",
            "dns-tcp.pcapng -n -S", "swapped.pcap -n", "swapped-nano.pcap -n --nano", "nano.pcap -n -tttt",
            "raw-ip.pcap -n", "null.pcap -n -e", "snaplen80.pcap -n -X", "truncated-last.pcap -n",
            "bad-records.pcap -n", "malformed.pcap -n -v", "geneve.pcap -n -vv", "icmp-errors.pcap -n tcp");

    @TempDir Path tmp;

    @TestFactory
    Stream<DynamicTest> readPrintsWhatTcpdumpPrints() throws IOException {
        List<String> known = knownDiffs();
        List<DynamicTest> tests = new ArrayList<>();
        for (String c : CASES) {
            boolean listed = known.contains("read: " + c);
            tests.add(DynamicTest.dynamicTest(listed ? c + " [known difference]" : c, () -> compare(c, listed)));
        }
        tests.add(DynamicTest.dynamicTest("corrupt header", () -> {
            Path bad = tmp.resolve("corrupt.pcap");
            Files.write(bad, "this is not a capture file at all".getBytes(StandardCharsets.US_ASCII));
            compareRun(bad, List.of("-n"), "corrupt header", known.contains("read: corrupt header"));
        }));
        tests.add(DynamicTest.dynamicTest("stdin", () -> {
            Run ours = run(List.of("read", "-r", "-", "-n"), CORPUS.resolve("icmp-arp.pcap"));
            Run theirs = tcpdump(List.of("-r", "-", "-n"), CORPUS.resolve("icmp-arp.pcap"));
            verdict("stdin", theirs, ours, known.contains("read: stdin"));
        }));
        tests.add(DynamicTest.dynamicTest("-w of a filtered file", () -> {
            Path theirsFile = tmp.resolve("tcpdump-w.pcap");
            Path oursFile = tmp.resolve("tmirror-w.pcap");
            Path in = CORPUS.resolve("sll2.pcap");
            Run theirs = tcpdump(List.of("-r", in.toString(), "-n", "-w", theirsFile.toString(), "udp", "port", "53"), null);
            Run ours = run(List.of("read", "-r", in.toString(), "-n", "-w", oursFile.toString(), "udp", "port", "53"), null);
            String difference = difference(theirs, ours);
            if (difference == null && !Arrays.equals(Files.readAllBytes(theirsFile), Files.readAllBytes(oursFile))) {
                difference = "the written files differ (tcpdump " + Files.size(theirsFile) + " bytes, ours " + Files.size(oursFile) + ")";
            }
            verdict("-w of a filtered file", difference, known.contains("read: -w of a filtered file"));
        }));
        return tests.stream();
    }

    private void compare(String c, boolean listed) throws Exception {
        String[] words = c.split(" ");
        compareRun(CORPUS.resolve(words[0]), Arrays.asList(words).subList(1, words.length), c, listed);
    }

    private void compareRun(Path capture, List<String> flags, String name, boolean listed) throws Exception {
        List<String> ours = new ArrayList<>(List.of("read", "-r", capture.toString()));
        ours.addAll(flags);
        List<String> theirs = new ArrayList<>(List.of("-r", capture.toString()));
        for (String f : flags) if (!f.equals("--port-names")) theirs.add(f);
        verdict(name, tcpdump(theirs, null), run(ours, null), listed);
    }

    private static void verdict(String name, Run theirs, Run ours, boolean listed) {
        verdict(name, difference(theirs, ours), listed);
    }

    private static void verdict(String name, String difference, boolean listed) {
        // A listed case passes while it still differs: the list is a ratchet, never a skip.
        if (difference != null && listed) return;
        if (difference != null) fail("tmirror read " + name + ": " + difference);
        if (listed) fail("read: " + name + " now matches tcpdump: remove it from captures/KNOWN-DIFFS");
    }

    private static String difference(Run theirs, Run ours) {
        if (!Arrays.equals(theirs.stdout, ours.stdout)) {
            int at = Arrays.mismatch(theirs.stdout, ours.stdout);
            return "stdout differs at byte " + at + ":\n  tcpdump: " + around(theirs.stdout, at) + "\n  ours:    " + around(ours.stdout, at);
        }
        if (theirs.exit != ours.exit) return "exit status " + ours.exit + ", tcpdump's " + theirs.exit + "; stderr: " + ours.stderr;
        List<String> te = theirs.stderr.lines().toList();
        List<String> oe = ours.stderr.lines().toList();
        if (!te.isEmpty() && te.get(0).startsWith("reading from file") && (oe.isEmpty() || !te.get(0).equals(oe.get(0)))) {
            return "stderr's first line:\n  tcpdump: " + te.get(0) + "\n  ours:    " + (oe.isEmpty() ? "<none>" : oe.get(0));
        }
        if (theirs.exit == 0) return null;
        String last = oe.isEmpty() ? "<none>" : oe.getLast();
        if (te.getLast().contains("truncated dump file")) {
            // what the file lacks is a fact both must state alike
            if (!last.equals(te.getLast().replaceFirst("^tcpdump: ", "tmirror: "))) {
                return "error message:\n  tcpdump: " + te.getLast() + "\n  ours:    " + last;
            }
        } else if (!last.startsWith("tmirror: ") || ours.stderr.contains("\tat ") || ours.stderr.contains("Exception")) {
            // a corrupt file: ours may say more than tcpdump's "unknown file format", but in one clear line
            return "error message is not one clear line:\n  tcpdump: " + te.getLast() + "\n  ours:    " + ours.stderr;
        }
        return null;
    }

    private static String around(byte[] text, int at) {
        int start = at;
        while (start > 0 && text[start - 1] != '\n') start--;
        int end = Math.min(text.length, at);
        while (end < text.length && text[end] != '\n') end++;
        return start >= text.length ? "<end of output>" : new String(text, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private record Run(byte[] stdout, String stderr, int exit) { }

    /** tcpdump with TZ=GMT0; without -n in an empty network namespace with an empty /etc/hosts (see TcpdumpOracle). */
    private Run tcpdump(List<String> args, Path stdin) throws Exception {
        boolean numeric = args.contains("-n") || args.contains("-nn");
        requireTcpdump(numeric);
        List<String> cmd = new ArrayList<>();
        if (!numeric) {
            Path hosts = tmp.resolve("empty-hosts");
            Files.writeString(hosts, "");
            cmd.addAll(List.of("/usr/bin/unshare", "-n", "-m", "/bin/sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", hosts.toString()));
        }
        cmd.add(TCPDUMP.toString());
        cmd.addAll(args);
        return exec(cmd, stdin);
    }

    /** tmirror as its own JVM: the test class path holds the cli classes and all their dependencies. */
    private Run run(List<String> args, Path stdin) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", cp, "net.trafficmirror.cli.Tmirror"));
        cmd.addAll(args);
        return exec(cmd, stdin);
    }

    private Run exec(List<String> cmd, Path stdin) throws Exception {
        ToolRun.Result r = ToolRun.exec(cmd, stdin, tmp);
        return new Run(r.out(), r.err(), r.exit());
    }

    /** Skips without tcpdump (or, for namespaced runs, root and unshare), except with CI=true, where that fails. */
    private static void requireTcpdump(boolean numeric) {
        boolean ok = Files.isExecutable(TCPDUMP) && (numeric
                || Files.isExecutable(Path.of("/usr/bin/unshare")) && "root".equals(System.getProperty("user.name")));
        if (ok) return;
        String what = numeric ? "tcpdump" : "tcpdump, root or unshare";
        if ("true".equals(System.getenv("CI"))) fail(what + " missing; CI must provide it (.ci/run)");
        Assumptions.abort(what + " missing");
    }

    private static List<String> knownDiffs() throws IOException {
        Path file = CORPUS.resolve("KNOWN-DIFFS");
        if (!Files.exists(file)) return List.of();
        return Files.readAllLines(file).stream().map(String::strip).filter(s -> s.startsWith("read: ")).toList();
    }
}
