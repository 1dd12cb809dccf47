package net.trafficmirror.cli;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two network namespaces joined by a veth pair with a 9001-byte MTU, as Client01 (10.100.0.223) and Client02
 * (10.100.0.177) of the seed's VPC. Every name starts with "tm" and a unique suffix; {@link #close()} removes
 * exactly what was created. Without root or tools the test is skipped, except in CI (CI=true) where it fails.
 */
final class NamespacePair implements AutoCloseable {
    static final String SOURCE_IP = "10.100.0.223", TARGET_IP = "10.100.0.177";
    private static final AtomicInteger SEQ = new AtomicInteger();

    final String suffix = Long.toString(ProcessHandle.current().pid() % 100000) + SEQ.incrementAndGet();
    final String source = "tmcs" + suffix, target = "tmct" + suffix;
    final String sourceLink = "tmvs" + suffix, targetLink = "tmvt" + suffix;
    private final List<Process> processes = new ArrayList<>();
    private boolean created;

    static void requirePrivileges() {
        boolean ip = false;
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin")) ip |= Files.isExecutable(Path.of(dir, "ip"));
        boolean ok = ip && "root".equals(System.getProperty("user.name"));
        if ("true".equals(System.getenv("CI")) && !ok) fail("netns tests need root and iproute2 (required in CI)");
        assumeTrue(ok, "netns tests need root and iproute2");
    }

    static void requireTool(String name) {
        boolean found = false;
        // PATH too: the AWS CLI may be a pip install outside the system directories.
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin"));
        dirs.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        for (String dir : dirs) found |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, name));
        if ("true".equals(System.getenv("CI")) && !found) fail(name + " is not installed (required in CI)");
        assumeTrue(found, name + " is not installed");
    }

    NamespacePair() throws IOException, InterruptedException {
        requirePrivileges();
        created = true;
        try {
            ip("netns", "add", source);
            ip("netns", "add", target);
            ip("link", "add", sourceLink, "netns", source, "type", "veth", "peer", "name", targetLink, "netns", target);
            ip("-n", source, "link", "set", sourceLink, "mtu", "9001", "up");
            ip("-n", target, "link", "set", targetLink, "mtu", "9001", "up");
            ip("-n", source, "addr", "add", SOURCE_IP + "/24", "dev", sourceLink);
            ip("-n", target, "addr", "add", TARGET_IP + "/24", "dev", targetLink);
            ip("-n", source, "link", "set", "lo", "up");
            ip("-n", target, "link", "set", "lo", "up");
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    /** Runs a command in a namespace to completion; it must succeed. */
    String exec(String ns, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        return run(cmd);
    }

    /** Starts a command in a namespace; it is ended by PID at close at the latest. */
    Process start(String ns, Path stdout, Path stderr, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TZ", "GMT0");
        pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Waits until {@code file} contains {@code text} (bounded). */
    static void awaitText(Path file, String text, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contains(text)) return;
            if (!p.isAlive()) break;
            Thread.sleep(50);
        }
        fail("no '" + text + "' in " + file + ": " + (Files.exists(file) ? Files.readString(file) : "(missing)"));
    }

    /** Ends a process with SIGTERM and waits for it (bounded), as a user stopping it would. */
    static int terminate(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            fail("process did not end on SIGTERM: " + p.info().commandLine().orElse("?"));
        }
        return p.exitValue();
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + cmd);
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + s.strip());
        return s;
    }

    @Override public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (!created) return;
        created = false;
        // Deleting the namespaces removes the veth pair and every device inside them.
        for (String ns : List.of(source, target)) {
            try {
                ip("netns", "del", ns);
            } catch (IOException ignored) {
                // not created
            }
        }
    }
}
