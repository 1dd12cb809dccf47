package net.trafficmirror.packet.io;

import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes pcapng (draft-ietf-opsawg-pcapng-02) in little-endian byte order: one Section Header Block (§4.1) with
 * {@code shb_userappl}, an Interface Description Block per {@link #addInterface} (§4.2: {@code if_name},
 * {@code if_description}, {@code if_tsresol} 9 for nanoseconds, plus the caller's options) and an Enhanced Packet
 * Block per packet (§4.3, with an optional {@code opt_comment}). Blocks collect in an own buffer that goes to the
 * stream when full and on {@link #flush()}; a packet allocates nothing, its comment is UTF-8-encoded in place.
 */
public final class PcapngWriter implements Flushable {
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int OPT_SHB_USERAPPL = 4;
    private static final int OPT_IF_NAME = 2;
    private static final int OPT_IF_DESCRIPTION = 3;

    private final OutputStream out;
    private byte[] buf = new byte[BUFFER_SIZE];
    private int n;
    private int interfaces;
    private boolean[] nanos = new boolean[4];
    private int[] snaplens = new int[4];

    /** Writes the section header at once (into the buffer; call {@link #flush()} to push it out). */
    public PcapngWriter(OutputStream out) {
        this.out = out;
        byte[] app = "tmirror".getBytes(StandardCharsets.US_ASCII);
        int len = 28 + option(app.length) + 4;
        put32(PcapngReader.SHB_TYPE);
        put32(len);
        put32(PcapngReader.BYTE_ORDER_MAGIC);
        put16(1);
        put16(0);
        put32(-1); // section length unknown: we stream
        put32(-1);
        putOption(OPT_SHB_USERAPPL, app);
        put32(0); // opt_endofopt
        put32(len);
    }

    /** {@link #addInterface(int, int, String, String, boolean, PcapngOptions)} without extra options. */
    public int addInterface(int linkType, int snaplen, String name, String description, boolean nanos) throws IOException {
        return addInterface(linkType, snaplen, name, description, nanos, null);
    }

    /**
     * Describes an interface; packets then name it by the returned id (0, 1, ... in order).
     *
     * @param name        {@code if_name}, or null
     * @param description {@code if_description}, or null
     * @param nanos       true for nanosecond timestamps ({@code if_tsresol} = 9), false for microseconds
     * @param extra       further options (comments, if_filter, ...), or null
     */
    public int addInterface(int linkType, int snaplen, String name, String description, boolean nanos,
                            PcapngOptions extra) throws IOException {
        byte[] nm = name == null ? null : name.getBytes(StandardCharsets.UTF_8);
        byte[] ds = description == null ? null : description.getBytes(StandardCharsets.UTF_8);
        int opts = (nm == null ? 0 : option(nm.length)) + (ds == null ? 0 : option(ds.length))
                + (nanos ? option(1) : 0) + (extra == null ? 0 : extra.encodedLength());
        int len = 20 + (opts == 0 ? 0 : opts + 4);
        ensure(len);
        put32(PcapngReader.IDB_TYPE);
        put32(len);
        put16(linkType);
        put16(0);
        put32(snaplen);
        if (nm != null) putOption(OPT_IF_NAME, nm);
        if (ds != null) putOption(OPT_IF_DESCRIPTION, ds);
        if (nanos) putOption(PcapngReader.OPT_IF_TSRESOL, new byte[] {9});
        if (extra != null) {
            for (int i = 0; i < extra.codes.size(); i++) putOption(extra.codes.get(i), extra.values.get(i));
        }
        if (opts != 0) put32(0);
        put32(len);
        if (interfaces == this.nanos.length) {
            this.nanos = java.util.Arrays.copyOf(this.nanos, interfaces * 2);
            snaplens = java.util.Arrays.copyOf(snaplens, interfaces * 2);
        }
        this.nanos[interfaces] = nanos;
        snaplens[interfaces] = snaplen <= 0 ? Integer.MAX_VALUE : snaplen;
        return interfaces++;
    }

    /**
     * Appends an Enhanced Packet Block. A {@code caplen} above the interface's snapshot length is cut to it.
     *
     * @param comment an {@code opt_comment} for this packet, or null
     */
    public void writePacket(int ifId, long seconds, int nanosOfSecond, byte[] b, int off, int caplen, int wirelen,
                            String comment) throws IOException {
        if (ifId < 0 || ifId >= interfaces) throw new IllegalArgumentException("no interface " + ifId);
        int keep = Math.min(caplen, snaplens[ifId]);
        int commentLength = comment == null ? 0 : utf8Length(comment);
        if (commentLength > 0xffff) throw new IllegalArgumentException("packet comment longer than 65535 bytes");
        int padded = (keep + 3) & ~3;
        int len = 28 + padded + (comment == null ? 0 : option(commentLength) + 4) + 4;
        ensure(len);
        long units = nanos[ifId] ? seconds * 1_000_000_000L + nanosOfSecond : seconds * 1_000_000L + nanosOfSecond / 1000;
        put32(PcapngReader.EPB_TYPE);
        put32(len);
        put32(ifId);
        put32((int) (units >>> 32));
        put32((int) units);
        put32(keep);
        put32(wirelen);
        System.arraycopy(b, off, buf, n, keep);
        n += keep;
        pad(padded - keep);
        if (comment != null) {
            put16(PcapngOptions.COMMENT);
            put16(commentLength);
            putUtf8(comment);
            pad(((commentLength + 3) & ~3) - commentLength);
            put32(0);
        }
        put32(len);
    }

    /** Pushes buffered blocks to the stream and flushes it. */
    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Makes room for a block of {@code len} bytes; a block larger than the buffer grows it once. */
    private void ensure(int len) throws IOException {
        if (buf.length - n >= len) return;
        drain();
        if (len > buf.length) buf = new byte[len];
    }

    private void drain() throws IOException {
        if (n > 0) {
            out.write(buf, 0, n);
            n = 0;
        }
    }

    private static int option(int valueLength) {
        return 4 + ((valueLength + 3) & ~3);
    }

    private void putOption(int code, byte[] value) {
        put16(code);
        put16(value.length);
        System.arraycopy(value, 0, buf, n, value.length);
        n += value.length;
        pad(((value.length + 3) & ~3) - value.length);
    }

    private void pad(int k) {
        for (int i = 0; i < k; i++) buf[n++] = 0;
    }

    private static int utf8Length(String s) {
        int len = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) len++;
            else if (c < 0x800) len += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                len += 4;
                i++;
            } else len += 3;
        }
        return len;
    }

    /** UTF-8 without a temporary array; an unpaired surrogate becomes U+FFFD, as String.getBytes does. */
    private void putUtf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (Character.isHighSurrogate((char) c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                c = Character.toCodePoint((char) c, s.charAt(++i));
            } else if (Character.isSurrogate((char) c)) {
                c = 0xfffd;
            }
            if (c < 0x80) {
                buf[n++] = (byte) c;
            } else if (c < 0x800) {
                buf[n++] = (byte) (0xc0 | c >>> 6);
                buf[n++] = (byte) (0x80 | c & 0x3f);
            } else if (c < 0x10000) {
                buf[n++] = (byte) (0xe0 | c >>> 12);
                buf[n++] = (byte) (0x80 | c >>> 6 & 0x3f);
                buf[n++] = (byte) (0x80 | c & 0x3f);
            } else {
                buf[n++] = (byte) (0xf0 | c >>> 18);
                buf[n++] = (byte) (0x80 | c >>> 12 & 0x3f);
                buf[n++] = (byte) (0x80 | c >>> 6 & 0x3f);
                buf[n++] = (byte) (0x80 | c & 0x3f);
            }
        }
    }

    private void put16(int v) {
        buf[n++] = (byte) v;
        buf[n++] = (byte) (v >>> 8);
    }

    private void put32(int v) {
        buf[n++] = (byte) v;
        buf[n++] = (byte) (v >>> 8);
        buf[n++] = (byte) (v >>> 16);
        buf[n++] = (byte) (v >>> 24);
    }
}
