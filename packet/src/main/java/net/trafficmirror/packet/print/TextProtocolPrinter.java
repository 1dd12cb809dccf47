package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * Line-oriented text protocols (HTTP, RTSP, SMTP, FTP, WHOIS), as {@code util-print.c:txtproto_print()},
 * {@code fetch_token()} and {@code print_txt_line()} of tcpdump 4.99.3: the protocol name, then the first line if it
 * is a request or response (HTTP/RTSP: a known method, or a 3-digit status as second token), with -v every line.
 */
final class TextProtocolPrinter {
    private static final int MAX_TOKEN = 128;
    /** {@code print-http.c:httpcmds[]} (RFC 7231 plus WebDAV). */
    private static final String[] HTTP_METHODS = {"GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST",
        "BCOPY", "BMOVE", "MKCOL", "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE",
        "NOTIFY", "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE",
        "PROPPATCH", "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE", "UNSUBSCRIBE",
        "RPC_CONNECT", "VERSION-CONTROL", "BASELINE-CONTROL"};
    /** {@code print-rtsp.c:rtspcmds[]} (RFC 2326). */
    private static final String[] RTSP_METHODS = {"DESCRIBE", "ANNOUNCE", "GET_PARAMETER", "OPTIONS", "PAUSE",
        "PLAY", "RECORD", "REDIRECT", "SETUP", "SET_PARAMETER", "TEARDOWN"};

    private final PrintContext ctx;
    private final byte[] token = new byte[MAX_TOKEN + 1];
    private int tokenLength;

    TextProtocolPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    /**
     * @param caps the upper-case protocol name printed first
     * @param protocol the lower-case name for the truncation marker
     * @param requestResponse true when only request/response lines are printed (HTTP, RTSP)
     */
    void print(byte[] b, int p, int end, int length, String caps, String protocol, boolean requestResponse) {
        TextSink out = ctx.out;
        boolean printThis = !requestResponse;
        if (requestResponse) {
            int idx = fetchToken(b, p, end, 0, length);
            if (idx != 0) {
                String[] methods = caps.equals("HTTP") ? HTTP_METHODS : RTSP_METHODS;
                for (String m : methods) {
                    if (tokenEqualsIgnoreCase(m)) {
                        printThis = true;
                        break;
                    }
                }
                if (!printThis) {
                    idx = fetchToken(b, p, end, idx, length);
                    if (idx != 0 && tokenLength == 3 && isDigit(token[0]) && isDigit(token[1])
                            && isDigit(token[2])) {
                        printThis = true;
                    }
                }
            }
        }
        out.append(caps);
        if (!printThis) {
            return;
        }
        if (ctx.options.verbose > 0) {
            out.append(", length: ").appendDecimal(length);
            for (int idx = 0; idx < length; ) {
                int eol = line(b, p, end, idx, length, "\n\t", protocol);
                if (eol == 0) {
                    break;
                }
                idx = eol;
            }
        } else {
            line(b, p, end, 0, length, ": ", protocol);
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private boolean tokenEqualsIgnoreCase(String m) {
        if (m.length() != tokenLength) {
            return false;
        }
        for (int i = 0; i < tokenLength; i++) {
            int c = token[i];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != m.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code fetch_token()}: the token at idx into {@link #token}; the index after it and its blanks, or 0. */
    private int fetchToken(byte[] b, int p, int end, int idx, int len) {
        tokenLength = 0;
        for (; idx < len; idx++) {
            if (p + idx >= end) {
                return 0;
            }
            int c = u8(b, p + idx);
            if (c < 0x20 || c > 0x7e) {
                return 0;
            }
            if (c == ' ') {
                break;
            }
            if (tokenLength + 2 > token.length) {
                continue;
            }
            token[tokenLength++] = (byte) c;
        }
        if (tokenLength == 0) {
            return 0;
        }
        for (; idx < len; idx++) {
            if (p + idx >= end) {
                break;
            }
            int c = u8(b, p + idx);
            if (c == '\r' || c == '\n') {
                break;
            }
            if (c < 0x20 || c > 0x7e) {
                break;
            }
            if (c != ' ' && c != '\t') {
                break;
            }
        }
        return idx;
    }

    /** {@code print_txt_line()}: prints one line after prefix; returns the index after its end, or 0. */
    private int line(byte[] b, int p, int end, int idx, int len, String prefix, String protocol) {
        TextSink out = ctx.out;
        int start = idx;
        while (idx < len) {
            if (p + idx >= end) {
                ctx.truncatedJump(protocol);
                return 0;
            }
            int c = u8(b, p + idx);
            if (c == '\n') {
                out.append(prefix).append(b, p + start, idx - start);
                return idx + 1;
            } else if (c == '\r') {
                if (idx + 1 >= len) {
                    return 0;
                }
                if (p + idx + 1 >= end) {
                    ctx.truncatedJump(protocol);
                    return 0;
                }
                if (b[p + idx + 1] == '\n') {
                    out.append(prefix).append(b, p + start, idx - start);
                    return idx + 2;
                }
                return 0;
            } else if ((c < 0x20 || c > 0x7e) && c != '\t') {
                return 0;
            }
            idx++;
        }
        // printable up to the payload's end but no line ending: a plain nd_print_trunc(), not a longjmp
        out.append(prefix).append(b, p + start, idx - start);
        ctx.truncated(protocol);
        return 0;
    }

    /** {@code fn_print_char()}: M- for the high bit, ^X for control characters. */
    static void printableChar(int c, TextSink out) {
        if (c > 0x7f) {
            c &= 0x7f;
            out.append("M-");
        }
        if (c < 0x20 || c == 0x7f) {
            out.append('^').append((char) (c ^ 0x40));
        } else {
            out.append((char) c);
        }
    }
}
