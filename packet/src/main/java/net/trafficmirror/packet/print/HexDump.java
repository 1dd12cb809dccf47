package net.trafficmirror.packet.print;

/**
 * The {@code -x}/{@code -X} dumps ({@code print-ascii.c:hex_print_with_offset()} and
 * {@code hex_and_ascii_print_with_offset()}): lines of "\n\t0xOFFS: " and 16 bytes as 16-bit hex words, with -X
 * the hex column padded to 40 characters and followed by two spaces and the bytes as ASCII (non-graphic as '.').
 */
final class HexDump {
    private HexDump() {}

    static void print(byte[] b, int p, int n, boolean ascii, TextSink out) {
        print(b, p, n, ascii, "\n\t", out);
    }

    /** The same with each line led by {@code indent} instead of "\n\t" ({@code print_unknown_data()}'s ident). */
    static void print(byte[] b, int p, int n, boolean ascii, String indent, TextSink out) {
        for (int line = 0; line < n; line += 16) {
            out.append(indent).append("0x").appendHex(line, 4).append(": ");
            int count = Math.min(16, n - line);
            int start = out.length();
            for (int i = 0; i < count; i++) {
                if ((i & 1) == 0) {
                    out.append(' ');
                }
                out.appendHex(b[p + line + i] & 0xff, 2);
            }
            if (ascii) {
                for (int pad = out.length() - start; pad < 40; pad++) {
                    out.append(' ');
                }
                out.append("  ");
                for (int i = 0; i < count; i++) {
                    int c = b[p + line + i] & 0xff;
                    out.append(c > 0x20 && c < 0x7f ? (char) c : '.');
                }
            }
        }
    }
}
