package net.trafficmirror.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command (tcpdump, or tmirror in its own JVM) with TZ=GMT0, stdin from a file or /dev/null, within 60 s. */
public final class ToolRun {
    /** What the command printed (stderr decoded as ISO-8859-1, byte for byte) and its exit status. */
    public record Result(byte[] out, String err, int exit) {}

    private ToolRun() {}

    public static Result exec(List<String> cmd, Path stdin, Path tmp) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(stdin == null ? new File("/dev/null") : stdin.toFile()));
        pb.environment().put("TZ", "GMT0");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish in 60 s");
        }
        return new Result(Files.readAllBytes(out), Files.readString(err, StandardCharsets.ISO_8859_1), p.exitValue());
    }
}
