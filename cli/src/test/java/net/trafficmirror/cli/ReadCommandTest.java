package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tmirror read} as its own process against the real tcpdump on the comparison corpus
 * (packet/src/test/resources/captures): what {@code -w} writes (byte for byte, for many filter expressions),
 * stderr, exit codes, {@code -c}, standard input, truncated files, bad expressions and options, and a reader that
 * goes away ({@code | head}). The printed text itself is compared by ReadCommandVersusTcpdumpTest.
 */
@Tag("tools")
class ReadCommandTest {
    private static final Path CORPUS = Path.of("..", "packet", "src", "test", "resources", "captures");

    @TempDir Path tmp;

    private record Run(byte[] stdout, List<String> stderr, int exit) {}

    /**
     * In-process (the JVM starts once): {@code -w} output, stderr and exit code for every corpus capture and a set of
     * expressions. Raw-IPv6 is left out: tcpdump refuses IPv4-only expressions on it ("expression rejects all
     * packets"), which we do not mirror (we select nothing).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http-ipv4.pcap", "dns-tcp.pcapng", "dns-udp.pcap", "geneve.pcap", "vxlan.pcap", "vlan.pcap",
            "qinq.pcap", "icmp-arp.pcap", "icmp-errors.pcap", "http-ipv6.pcap", "ip-options.pcap", "malformed.pcap",
            "bad-records.pcap", "swapped.pcap", "snaplen80.pcap", "raw-ip.pcap", "raw-ipv4.pcap", "sll.pcap",
            "sll2.pcap", "null.pcap", "tcp-options.pcap", "truncated-last.pcap"})
    void writesWhatTcpdumpWrites(String capture) throws Exception {
        Path in = CORPUS.resolve(capture);
        for (String expression : List.of("", "tcp", "udp port 53", "not arp and not icmp", "host 10.0.0.1 or net 192.168.0.0/16",
                "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0", "geneve or vlan", "ip6 or less 100", "port 80 or port 4789")) {
            Path ours = tmp.resolve("ours.pcap");
            Path theirs = tmp.resolve("theirs.pcap");
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            java.io.PrintStream saved = System.err;
            int exit;
            System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                exit = Tmirror.execute(withExpression(expression, "read", "-r", in.toString(), "-w", ours.toString()).toArray(String[]::new));
            } finally {
                System.setErr(saved);
            }
            Run t = tcpdump(null, withExpression(expression, "-r", in.toString(), "-w", theirs.toString()));
            assertThat(exit).as(expression).isEqualTo(t.exit);
            assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).as(expression)
                    .isEqualTo(t.stderr.stream().map(l -> l.replace("tcpdump: ", "tmirror: ")).toList());
            assertThat(Files.readAllBytes(ours)).as(capture + " " + expression).isEqualTo(Files.readAllBytes(theirs));
        }
    }

    /** -w keeps a nanosecond file's resolution unless told (tcpdump writes microseconds unless --nano). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"nano.pcap,--micro,''", "nano.pcap,--nano,--nano", "swapped-nano.pcap,--micro,''", "multi-if.pcapng,--micro,''"})
    void resolutionOfWrittenFile(String capture, String ourFlag, String theirFlag) throws Exception {
        Path in = CORPUS.resolve(capture);
        Path ours = tmp.resolve("ours.pcap");
        Path theirs = tmp.resolve("theirs.pcap");
        assertThat(tmirror(null, List.of("read", ourFlag, "-r", in.toString(), "-w", ours.toString())).exit).isZero();
        List<String> t = new ArrayList<>(List.of("-r", in.toString(), "-w", theirs.toString()));
        if (!theirFlag.isEmpty()) t.add(theirFlag);
        assertThat(tcpdump(null, t).exit).isZero();
        assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(theirs));
        Path kept = tmp.resolve("kept.pcap");
        assertThat(tmirror(null, List.of("read", "-r", in.toString(), "-w", kept.toString())).exit).isZero();
        assertThat(Arrays.copyOf(Files.readAllBytes(kept), 4)).containsExactly(0x4d, 0x3c, 0xb2, 0xa1);
    }

    @Test
    void countStdinAndPrintWithWrite() throws Exception {
        Path in = CORPUS.resolve("http-ipv4.pcap");
        Path ours = tmp.resolve("ours.pcap");
        Path theirs = tmp.resolve("theirs.pcap");
        Run o = tmirror(in, List.of("read", "-r", "-", "-c", "3", "-w", ours.toString(), "tcp"));
        Run t = tcpdump(in, List.of("-r", "-", "-c", "3", "-w", theirs.toString(), "tcp"));
        assertThat(o.stderr).containsExactly("reading from file -, link-type EN10MB (Ethernet), snapshot length 262144").isEqualTo(t.stderr);
        assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(theirs));
        Run printed = tmirror(null, List.of("read", "-nn", "-r", in.toString(), "-c", "3", "-w", ours.toString(), "--print"));
        assertThat(new String(printed.stdout, StandardCharsets.US_ASCII).lines()).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp and prot", "port 99999", "tcp[13:3] = 1", "(udp", "ip6 port 80"})
    void badExpressionReadsNothing(String expression) throws Exception {
        Run o = tmirror(null, List.of("read", "-r", CORPUS.resolve("http-ipv4.pcap").toString(), expression));
        Run t = tcpdump(null, List.of("-r", CORPUS.resolve("http-ipv4.pcap").toString(), expression));
        assertThat(t.exit).isEqualTo(1);
        assertThat(o.exit).isEqualTo(1);
        assertThat(o.stdout).isEmpty();
        assertThat(o.stderr).hasSize(1);
        assertThat(o.stderr.getFirst()).startsWith("tmirror: filter: ").contains(" at column ");
    }

    @Test
    void usageAndFileErrors() throws Exception {
        Run unknown = tmirror(null, List.of("read", "-r", CORPUS.resolve("http-ipv4.pcap").toString(), "--bogus"));
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.stderr.getFirst()).isEqualTo("tmirror: Unknown option: '--bogus'");
        Run zero = tmirror(null, List.of("read", "-c", "0", "-r", CORPUS.resolve("http-ipv4.pcap").toString()));
        assertThat(zero.exit).isEqualTo(1);
        assertThat(zero.stderr).containsExactly("tmirror: invalid packet count 0")
                .isEqualTo(tcpdump(null, List.of("-c", "0", "-r", CORPUS.resolve("http-ipv4.pcap").toString())).stderr
                        .stream().map(l -> l.replace("tcpdump: ", "tmirror: ")).toList());
        Run missing = tmirror(null, List.of("read", "-r", tmp.resolve("nope.pcap").toString()));
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.stderr).containsExactly("tmirror: " + tmp.resolve("nope.pcap") + ": No such file or directory");
        Path garbage = tmp.resolve("garbage.pcap");
        Files.writeString(garbage, "this is not a capture file at all");
        Run bad = tmirror(null, List.of("read", "-r", garbage.toString()));
        assertThat(bad.exit).isEqualTo(1);
        assertThat(bad.stderr).containsExactly("tmirror: unknown file format: magic number 0x74686973 at byte 0 is neither pcap nor pcapng");
        Run theirs = tcpdump(null, List.of("-r", garbage.toString()));
        assertThat(theirs.stderr).containsExactly("tcpdump: unknown file format");
    }

    /** Like tcpdump | head: when the reader of stdout goes away, stop quietly with SIGPIPE's status. */
    @Test
    void closedStdoutEndsQuietly() throws Exception {
        Path big = tmp.resolve("big.pcap");
        byte[] one = Files.readAllBytes(CORPUS.resolve("http-ipv4.pcap"));
        try (var out = Files.newOutputStream(big)) {
            out.write(one);
            for (int i = 0; i < 2000; i++) out.write(one, 24, one.length - 24);
        }
        List<String> cmd = javaCommand(List.of("read", "-nn", "-r", big.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("err").toFile()).start();
        try (InputStream stdout = p.getInputStream()) {
            assertThat(stdout.read(new byte[100])).isPositive();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(141);
        assertThat(Files.readAllLines(tmp.resolve("err"))).containsExactly(
                "reading from file " + big + ", link-type EN10MB (Ethernet), snapshot length 262144");
    }

    /** Progress on stderr for a large file when stderr is a terminal (a pty from script(1)) and stdout is not. */
    @Test
    void progressWhenStderrIsATerminal() throws Exception {
        Path script = Path.of("/usr/bin/script");
        if (!Files.isExecutable(script)) {
            if ("true".equals(System.getenv("CI"))) fail("script(1) missing (Debian package bsdutils)");
            Assumptions.abort("script(1) missing");
        }
        Path big = tmp.resolve("big.pcap");
        byte[] one = Files.readAllBytes(CORPUS.resolve("http-ipv4.pcap"));
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(big), 1 << 20)) {
            out.write(one);
            for (long written = 0; written < 70L << 20; written += one.length - 24) out.write(one, 24, one.length - 24);
        }
        Path run = tmp.resolve("run.sh");
        StringBuilder cmd = new StringBuilder("exec");
        for (String w : javaCommand(List.of("read", "-nn", "-r", big.toString()))) cmd.append(" '").append(w).append('\'');
        Files.writeString(run, cmd + " > /dev/null\n");
        Run r = exec(List.of(script.toString(), "-qec", "sh " + run, "/dev/null"), null);
        String terminal = new String(r.stdout, StandardCharsets.ISO_8859_1);
        assertThat(r.exit).as(terminal).isZero();
        assertThat(terminal).containsPattern("\rtmirror: read \\d+ of 70 MiB \\(\\d+%\\)").contains("\r\033[K");
    }

    private static List<String> withExpression(String expression, String... args) {
        List<String> l = new ArrayList<>(List.of(args));
        if (!expression.isEmpty()) l.add(expression);
        return l;
    }

    private Run tmirror(Path stdin, List<String> args) throws Exception {
        return exec(javaCommand(args), stdin);
    }

    private static List<String> javaCommand(List<String> args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", cp, "net.trafficmirror.cli.Tmirror"));
        cmd.addAll(args);
        return cmd;
    }

    private Run tcpdump(Path stdin, List<String> args) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/tcpdump"))) {
            if ("true".equals(System.getenv("CI"))) fail("tcpdump missing; CI must install it (.ci/run)");
            Assumptions.abort("tcpdump missing");
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/tcpdump"));
        cmd.addAll(args);
        return exec(cmd, stdin);
    }

    private Run exec(List<String> cmd, Path stdin) throws Exception {
        ToolRun.Result r = ToolRun.exec(cmd, stdin, tmp);
        return new Run(r.out(), r.err().lines().toList(), r.exit());
    }
}
