package net.trafficmirror.packet.io;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real tcpdump or tshark, the oracles these tests compare with. Without the tool a test is skipped,
 * except in CI (CI=true), where a missing tool is a failure.
 */
public record RealTool(String stdout, String stderr, int exitCode) {

    public static void require(String tool) {
        boolean present = Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/usr/sbin", tool));
        if (!present) {
            if ("true".equals(System.getenv("CI"))) fail(tool + " is not installed (CI must install it via .ci/run)");
            Assumptions.abort(tool + " not installed");
        }
    }

    /** Runs a command with TZ=GMT0 and no stdin; fails the test after 60 s. */
    public static RealTool run(String... command) throws IOException, InterruptedException {
        require(command[0]);
        Path out = Files.createTempFile("tm-tool", ".out");
        Path err = Files.createTempFile("tm-tool", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("TZ", "GMT0");
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 60 s");
            }
            return new RealTool(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), p.exitValue());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** stdout split into lines. */
    public List<String> lines() {
        return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
    }

    /** stderr lines without tshark's warning about running as root. */
    public List<String> errorLines() {
        List<String> l = new ArrayList<>();
        for (String s : stderr.split("\n")) if (!s.isEmpty() && !s.startsWith("Running as user")) l.add(s);
        return l;
    }
}
