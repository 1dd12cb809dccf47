package net.trafficmirror.packet.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The allow-list of comparisons known to differ from tcpdump, {@code captures/KNOWN-DIFFS}: one
 * {@code CAPTURE FLAGS} per line (FLAGS as in {@link FlagSet#name()}), {@code #} comments. It lets main stay green
 * while the printer catches up, and only shrinks: a listed case that now matches fails until its line is removed.
 */
final class KnownDiffs {
    private final Set<String> entries = new HashSet<>();

    KnownDiffs(Path file) {
        if (!Files.exists(file)) return;
        try {
            for (String line : Files.readAllLines(file)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) entries.add(s.replaceAll("\\s+", " "));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the entries of {@code file} with {@code differing}, sorted, keeping its comment lines and the
     * {@code read: } entries of the cli module's ReadCommandVersusTcpdumpTest.
     */
    static void rewrite(Path file, Set<String> differing) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) if (line.startsWith("#") || line.startsWith("read: ")) lines.add(line);
        }
        lines.addAll(new TreeSet<>(differing));
        Files.write(file, lines);
    }

    static String key(String capture, String flags) {
        return capture + " " + flags;
    }

    boolean contains(String capture, String flags) {
        return entries.contains(key(capture, flags));
    }
}
