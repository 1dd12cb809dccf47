package net.trafficmirror.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress display on stderr for long reads: shown only when stderr is a terminal and standard output
 * is not (else it would mix with the packet lines), redrawn at most twice a second, erased at the end.
 */
final class ReadProgress {
    private final long total;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private ReadProgress(long total) {
        this.total = total;
    }

    /** A progress display for an input of {@code size} bytes, or null when none should be shown. */
    static ReadProgress start(long size, long minimum) {
        if (size < minimum || !isTerminal(2) || isTerminal(1)) return null;
        return new ReadProgress(size);
    }

    void update(long position) {
        long now = System.nanoTime();
        if (now - lastDraw < 500_000_000L) return;
        lastDraw = now;
        double seconds = (now - started) / 1e9;
        long mib = position >> 20;
        System.err.printf("\rtmirror: read %d of %d MiB (%d%%), %.0f MiB/s ", mib, total >> 20,
                total == 0 ? 100 : position * 100 / total, seconds > 0 ? mib / seconds : 0.0);
        System.err.flush();
        drawn = true;
    }

    void finish() {
        if (drawn) {
            System.err.print("\r\033[K");
            System.err.flush();
        }
    }

    /** True when the file descriptor is a terminal (Linux: /proc/self/fd/N links to a tty or pts device). */
    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux: fall back to the JDK's view, which covers stdin and stdout together
            java.io.Console c = System.console();
            return c != null && c.isTerminal();
        }
    }
}
