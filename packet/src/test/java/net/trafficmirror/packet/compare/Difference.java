package net.trafficmirror.packet.compare;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Where our text first departs from tcpdump's, told as line, packet and both lines, for an assertion message. */
final class Difference {
    private Difference() { }

    /** Null when both are byte-identical, else a few lines locating the first difference. */
    static String describe(byte[] expected, PrintedCapture ours) {
        byte[] actual = ours.text();
        int at = Arrays.mismatch(expected, actual);
        if (at < 0) return null;
        int lineStart = 0;
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (expected[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "first difference at line " + line + " (packet " + ours.packetAt(lineStart) + ", column "
                + (at - lineStart + 1) + ")\n  tcpdump: " + lineAt(expected, lineStart) + "\n  ours:    "
                + lineAt(actual, lineStart) + "\n  (tcpdump " + lines(expected) + " lines, ours " + lines(actual) + ")";
    }

    private static String lineAt(byte[] text, int start) {
        if (start >= text.length) return "<end of output>";
        int end = start;
        while (end < text.length && text[end] != '\n') end++;
        return new String(text, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static int lines(byte[] text) {
        int n = 0;
        for (byte b : text) if (b == '\n') n++;
        return n;
    }
}
