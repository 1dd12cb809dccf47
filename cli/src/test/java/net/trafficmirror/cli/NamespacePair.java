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
import net.trafficmirror.linux.TestNamespaces;

/**
 * Two network namespaces joined by a veth pair with a 9001-byte MTU, as Client01 (10.100.0.223) and Client02
 * (10.100.0.177) of the seed's VPC, IPv6 off. Built on {@link TestNamespaces}: every name starts with "tm" and a
 * unique suffix, and {@link #close()} removes exactly what was created. Without root or tools the test is
 * skipped, except in CI (CI=true) where it fails.
 */
final class NamespacePair implements AutoCloseable {
    static final String SOURCE_IP = "10.100.0.223", TARGET_IP = "10.100.0.177";

    private final TestNamespaces lab = new TestNamespaces();
    final String suffix = lab.suffix;
    final String source, target;
    final String sourceLink = "tmvs" + suffix, targetLink = "tmvt" + suffix;
    private final List<Process> processes = new ArrayList<>();

    static void requirePrivileges() {
        TestNamespaces.requireRootAndTools();
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

    NamespacePair() {
        requirePrivileges();
        try {
            source = MirrorTestbed.host(lab, "cs");
            target = MirrorTestbed.host(lab, "ct");
            lab.veth(source, sourceLink, SOURCE_IP + "/24", target, targetLink, TARGET_IP + "/24");
            exec(source, "ip", "link", "set", sourceLink, "mtu", "9001");
            exec(target, "ip", "link", "set", targetLink, "mtu", "9001");
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    /** Runs a command in a namespace to completion; it must succeed. */
    String exec(String ns, String... command) {
        return lab.exec(ns, command);
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

    @Override public void close() throws InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        lab.close(); // deleting the namespaces removes the veth pair and every device inside them
    }
}
