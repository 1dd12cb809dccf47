package net.trafficmirror.packet.io;

import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the classic pcap format (draft-ietf-opsawg-pcap §4-5) in little-endian byte order, as libpcap does on
 * x86, with microsecond (magic 0xa1b2c3d4) or nanosecond (0xa1b23c4d) timestamps. Records collect in an own
 * buffer that goes to the stream when full and on {@link #flush()}; nothing is allocated per packet. A stream
 * cut after any {@code flush()} is a valid file that tcpdump reads to its last complete record.
 */
public final class PcapWriter implements Flushable {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final OutputStream out;
    private final boolean nanos;
    private final int snaplen;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int n;

    /** Writes the file header at once (into the buffer; call {@link #flush()} to push it out). */
    public PcapWriter(OutputStream out, int linkType, int snaplen, boolean nanos) {
        this.out = out;
        this.nanos = nanos;
        this.snaplen = snaplen;
        put32(nanos ? PcapReader.MAGIC_NANO : PcapReader.MAGIC_MICRO);
        put16(2);
        put16(4);
        put32(0); // thiszone: timestamps are UTC
        put32(0); // sigfigs
        put32(snaplen);
        put32(linkType);
    }

    /**
     * Appends one record. A {@code caplen} above the file's snapshot length is cut to it, so the file stays one
     * that libpcap accepts.
     */
    public void write(long seconds, int nanosOfSecond, byte[] b, int off, int caplen, int wirelen) throws IOException {
        int keep = Math.min(caplen, snaplen);
        if (BUFFER_SIZE - n < PcapReader.RECORD_HEADER) drain();
        put32((int) seconds);
        put32(nanos ? nanosOfSecond : nanosOfSecond / 1000);
        put32(keep);
        put32(wirelen); // as given, as tcpdump -w writes it, even when it is smaller than caplen
        if (keep <= BUFFER_SIZE - n) {
            System.arraycopy(b, off, buf, n, keep);
            n += keep;
        } else {
            drain();
            out.write(b, off, keep);
        }
    }

    /** Pushes buffered records to the stream and flushes it. */
    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (n > 0) {
            out.write(buf, 0, n);
            n = 0;
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
