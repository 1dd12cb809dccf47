package net.trafficmirror.collector;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real tools (tcpdump, tshark, ip) the tests compare against. A missing tool or privilege skips the
 * test on a developer's machine and fails it in CI (CI=true), as the project's rules ask.
 */
final class RealTools {
    private RealTools() {}

    static boolean ci() { return "true".equals(System.getenv("CI")); }

    static void require(boolean condition, String what) {
        if (ci() && !condition) fail(what + " (required in CI)");
        assumeTrue(condition, what);
    }

    static void requireTool(String name) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) found = true;
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) if (Files.isExecutable(Path.of(dir, name))) found = true;
        require(found, name + " is not installed");
    }

    static void requireRoot() {
        require("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
    }

    /** Runs a command to completion (bounded), returns stdout; stderr goes to {@code err} if given. */
    static String run(List<String> command, Path err, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("TZ", "GMT0");
        pb.redirectError(err == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(err.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + command);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Runs a command that must succeed. */
    static String runOk(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TZ", "GMT0");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + String.join(" ", command));
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) fail(String.join(" ", command) + " exited " + p.exitValue() + ": " + s);
        return s;
    }
}
