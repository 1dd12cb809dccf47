package net.trafficmirror.packet.print;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable ASCII byte buffer that the printers append to. It is reused for every packet, so once it has grown to the
 * largest packet's text nothing is allocated any more.
 */
public final class TextSink {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    public TextSink() {
        this(4096);
    }

    public TextSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public TextSink append(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    /** Appends one raw byte (tcpdump writes some payload bytes unchanged). */
    public TextSink appendByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    public TextSink append(CharSequence ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    public TextSink append(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, buf, len, ascii.length);
        len += ascii.length;
        return this;
    }

    public TextSink append(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, buf, len, n);
        len += n;
        return this;
    }

    public TextSink appendDecimal(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return append("-9223372036854775808");
            }
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        len += digits;
        return this;
    }

    /** Decimal of v read as an unsigned 64-bit value. */
    public TextSink appendUnsignedDecimal(long v) {
        if (v >= 0) {
            return appendDecimal(v);
        }
        long q = (v >>> 1) / 5;
        appendDecimal(q);
        return append((char) ('0' + (int) (v - q * 10)));
    }

    /** Decimal, left-padded with zeros to at least {@code width} digits (v must be non-negative). */
    public TextSink appendDecimal(long v, int width) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        ensure(Math.max(digits, width));
        for (int i = digits; i < width; i++) {
            buf[len++] = '0';
        }
        return appendDecimal(v);
    }

    /** Lower-case hex of the unsigned value, left-padded with zeros to at least {@code minDigits}. */
    public TextSink appendHex(long v, int minDigits) {
        int digits = 1;
        for (long t = v >>> 4; t != 0; t >>>= 4) {
            digits++;
        }
        digits = Math.max(digits, minDigits);
        ensure(digits);
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        len += digits;
        return this;
    }

    public int length() {
        return len;
    }

    /** The byte at index i of the text so far (for tests and look-behind). */
    public int byteAt(int i) {
        return buf[i];
    }

    /** Cuts the text back to {@code newLength} bytes. */
    public void truncate(int newLength) {
        len = newLength;
    }

    public void reset() {
        len = 0;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    /** The text as a String; for tests only, it allocates. */
    @Override
    public String toString() {
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
