package net.trafficmirror.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host's network tools (iproute2's {@code ip}, {@code nft}) and reports a failure as one line with the
 * tool's own message. The lab drives these tools rather than netlink because they are the reference users read,
 * and every step can be replayed by hand from the same text.
 */
final class HostCommand {
    private HostCommand() {}

    /** Runs {@code argv} with {@code input} on stdin; returns stdout; a non-zero exit is a LabException. */
    static String run(List<String> argv, String input) throws LabException {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LabException("cannot run " + argv.getFirst() + ": " + e.getMessage());
        }
        try (OutputStream in = p.getOutputStream()) {
            if (input != null) in.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the tool exited early; its output says why
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LabException(String.join(" ", argv) + ": timed out");
            }
            if (p.exitValue() != 0) {
                String what = input != null && argv.contains("-b") ? String.join(" ", argv) + " with:\n" + input : String.join(" ", argv);
                throw new LabException(what.strip() + ": " + out.strip().replace('\n', ' '));
            }
            return out;
        } catch (IOException e) {
            throw new LabException(String.join(" ", argv) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new LabException(String.join(" ", argv) + ": interrupted");
        }
    }

    static String run(String... argv) throws LabException {
        return run(List.of(argv), null);
    }

    /** {@code ip [-n NS] -b -}: several iproute2 commands in one process. */
    static void ipBatch(String namespace, List<String> commands) throws LabException {
        if (commands.isEmpty()) return;
        List<String> argv = namespace == null ? List.of("ip", "-b", "-") : List.of("ip", "-n", namespace, "-b", "-");
        run(argv, String.join("\n", commands) + "\n");
    }

    /** Loads an nftables ruleset into a namespace in one transaction ({@code nft -f -}). */
    static void nft(String namespace, String ruleset) throws LabException {
        run(List.of("ip", "netns", "exec", namespace, "nft", "-f", "-"), ruleset);
    }

    static void sysctl(String namespace, String... settings) throws LabException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "sysctl", "-qw"));
        argv.addAll(List.of(settings));
        run(argv, null);
    }
}
