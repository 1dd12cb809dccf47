package net.trafficmirror.packet.compare;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real tcpdump (Debian 12's 4.99.3, installed by .ci/run) on a capture file: the oracle every comparison
 * here is checked against. Outputs are cached under target/tcpdump-oracle, keyed by the file's SHA-256 and the
 * flags, so a re-run of the suite in the same build directory costs nothing.
 *
 * <p>Runs without {@code -n} happen in a fresh network and mount namespace ({@code unshare -n -m}) with an empty
 * /etc/hosts bound over the real one: reverse DNS then fails at once, hosts stay numeric, and the output does not
 * depend on the machine's hosts file (Debian's maps ff02::1 to ip6-allnodes). Port names still come from
 * /etc/services, as our bundled table does.
 */
final class TcpdumpOracle {
    static final Path TCPDUMP = Path.of("/usr/bin/tcpdump");
    private static final Path CACHE = Path.of("target", "tcpdump-oracle");

    /** What tcpdump printed: stdout bytes, stderr text and the exit status. */
    record Result(byte[] stdout, String stderr, int exitCode) { }

    /** The first line of {@code tcpdump --version}, or why there is none. */
    private static final String VERSION = version();

    private TcpdumpOracle() { }

    private static String version() {
        if (!Files.isExecutable(TCPDUMP)) return "none";
        try {
            Process p = new ProcessBuilder(TCPDUMP.toString(), "--version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            p.waitFor(10, TimeUnit.SECONDS);
            return first;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Skips the calling test when tcpdump 4.99.3 (or, for namespaced runs, root and unshare) is missing, unless CI=true:
     * there a missing oracle is a failure, never a silent pass.
     */
    static void require(boolean namespaced) {
        String missing = null;
        if (!Files.isExecutable(TCPDUMP)) {
            missing = "tcpdump is not installed (apt-get install tcpdump)";
        } else if (!VERSION.startsWith("tcpdump version 4.99.3")) {
            missing = "the oracle must be tcpdump 4.99.3 (Debian 12's), found: " + VERSION;
        } else if (namespaced && !Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            missing = "unshare is not installed (util-linux)";
        } else if (namespaced && !"root".equals(System.getProperty("user.name"))) {
            missing = "runs without -n need root for unshare -n -m";
        }
        if (missing == null) return;
        if ("true".equals(System.getenv("CI"))) fail(missing + "; CI must provide it (.ci/run)");
        Assumptions.abort(missing);
    }

    /** Runs {@code tcpdump -r capture args...} with TZ=GMT0, namespaced when asked; cached. */
    static Result run(Path capture, List<String> args, boolean namespaced) {
        try {
            String key = digest(capture) + "-" + digest((namespaced ? "ns " : "") + String.join(" ", args));
            Path out = CACHE.resolve(key + ".out");
            Path err = CACHE.resolve(key + ".err");
            Path rc = CACHE.resolve(key + ".rc");
            if (!Files.exists(rc)) {
                Files.createDirectories(CACHE);
                Path tmpOut = Files.createTempFile(CACHE, key, ".tmp");
                Path tmpErr = Files.createTempFile(CACHE, key, ".tmp");
                int status = execute(command(capture, args, namespaced), tmpOut, tmpErr);
                // Two flag sets may share a key (the same tcpdump arguments) and run at once. rename(2) replaces a
                // file atomically; Files.move with REPLACE_EXISTING alone deletes the target first, and a
                // concurrent reader could then find no file.
                Path tmpRc = Files.createTempFile(CACHE, key, ".tmp");
                Files.writeString(tmpRc, Integer.toString(status));
                Files.move(tmpOut, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmpErr, err, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmpRc, rc, java.nio.file.StandardCopyOption.ATOMIC_MOVE); // last: marks a complete entry
            }
            return new Result(Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8),
                    Integer.parseInt(Files.readString(rc).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> command(Path capture, List<String> args, boolean namespaced) throws IOException {
        List<String> tcpdump = new ArrayList<>(List.of(TCPDUMP.toString(), "-r", capture.toAbsolutePath().toString()));
        tcpdump.addAll(args);
        if (!namespaced) return tcpdump;
        Path emptyHosts = CACHE.resolve("empty-hosts").toAbsolutePath();
        if (!Files.exists(emptyHosts)) Files.writeString(emptyHosts, "");
        // sh's positional parameters carry the arguments, so no quoting is needed
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/unshare", "-n", "-m", "/bin/sh", "-c",
                "mount --bind \"$0\" /etc/hosts && exec \"$@\"", emptyHosts.toString()));
        cmd.addAll(tcpdump);
        return cmd;
    }

    private static int execute(List<String> command, Path out, Path err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("TZ", "GMT0");
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            fail("interrupted while running tcpdump");
        }
        return p.exitValue();
    }

    private static String digest(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    private static String digest(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
