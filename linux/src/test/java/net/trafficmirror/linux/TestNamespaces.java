package net.trafficmirror.linux;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Network namespaces for tests, under the project's safety rules: every name starts with {@code tm} and a unique
 * suffix, everything created is removed by exact name in {@link #close}, and test traffic runs inside the
 * namespaces (commands through {@code ip netns exec}). Without root or the tools, tests skip, except under CI=true
 * where that is a failure.
 */
public final class TestNamespaces implements AutoCloseable {
    /** Short random suffix so parallel or leftover runs never clash (interface names stay within 15 chars). */
    public final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    /** Skips (or fails under CI=true) unless running as root with {@code ip} and the given tools on the PATH. */
    public static void requireRootAndTools(String... tools) {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) missing.add("root");
        for (String t : concat("ip", tools)) if (!onPath(t)) missing.add(t);
        if (missing.isEmpty()) return;
        if ("true".equals(System.getenv("CI"))) fail("netns test needs " + missing + " (CI=true)");
        Assumptions.abort("netns test skipped, missing " + missing);
    }

    private static List<String> concat(String first, String... rest) {
        List<String> l = new ArrayList<>(List.of(rest));
        l.addFirst(first);
        return l;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":"))
            if (new java.io.File(d, tool).canExecute()) return true;
        return new java.io.File("/usr/sbin", tool).canExecute() || new java.io.File("/sbin", tool).canExecute();
    }

    /** Creates namespace {@code tm<base><suffix>} with lo up; returns its name. */
    public String namespace(String base) {
        String name = "tm" + base + suffix;
        run("ip", "netns", "add", name);
        namespaces.add(name);
        run("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /** Runs a command to completion; fails the test on a non-zero exit. Returns stdout. */
    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); fail("timed out: " + String.join(" ", cmd)); }
            if (p.exitValue() != 0) fail(String.join(" ", cmd) + " -> exit " + p.exitValue() + ": " + out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command inside namespace {@code ns}; fails on a non-zero exit. */
    public String exec(String ns, String... cmd) {
        return run(concat("ip", concat("netns", concat("exec", concat(ns, cmd).toArray(String[]::new)).toArray(String[]::new)).toArray(String[]::new)).toArray(String[]::new));
    }

    /** Starts a background command inside {@code ns}, stopped by PID in {@link #close}; output to {@code log}. */
    public Process spawn(String ns, java.io.File log, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log)).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connects {@code nsA}/{@code ifA} with {@code nsB}/{@code ifB} by a veth pair, addresses as CIDR, links up. */
    public void veth(String nsA, String ifA, String cidrA, String nsB, String ifB, String cidrB) {
        run("ip", "link", "add", ifA, "netns", nsA, "type", "veth", "peer", "name", ifB, "netns", nsB);
        if (cidrA != null) run("ip", "-n", nsA, "addr", "add", cidrA, "dev", ifA);
        if (cidrB != null) run("ip", "-n", nsB, "addr", "add", cidrB, "dev", ifB);
        run("ip", "-n", nsA, "link", "set", ifA, "up");
        run("ip", "-n", nsB, "link", "set", ifB, "up");
    }

    /** Work to run inside a namespace. */
    public interface Inside<T> {
        T call() throws Exception;
    }

    /**
     * Runs {@code task} on a new platform thread that has entered namespace {@code ns} (a thread, unlike the JVM,
     * can change namespace: setns(2)); the caller stays where it is, free to drive the other side meanwhile.
     */
    public static <T> CompletableFuture<T> inside(String ns, Inside<T> task) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                NetworkNamespace.enter(ns);
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofPlatform().daemon().start(r));
    }

    @Override public void close() {
        for (Process p : processes.reversed()) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces.reversed()) {
            try {
                new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                System.err.println("could not delete namespace " + ns + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
