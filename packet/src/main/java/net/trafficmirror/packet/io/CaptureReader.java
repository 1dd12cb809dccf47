package net.trafficmirror.packet.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads packets from a pcap or pcapng stream, detected by its first four bytes. Input is read in large blocks
 * into one buffer and every packet is handed out in place (see {@link PacketRecord}): no copy, no allocation per
 * packet. Format rules follow libpcap's readers ({@code sf-pcap.c}, {@code sf-pcapng.c}), which tcpdump uses:
 * a corrupt file or block header is a {@link CaptureFormatException}, and a stream that ends inside a record is
 * a {@link CaptureTruncatedException} after all complete packets were delivered.
 */
public abstract sealed class CaptureReader implements Closeable permits PcapReader, PcapngReader {
    /** libpcap's MAXIMUM_SNAPLEN: the snapshot length it assumes for a missing or absurd one. */
    public static final int MAXIMUM_SNAPLEN = 262144;
    static final int BUFFER_SIZE = 1 << 20;

    private final InputStream in;
    /** Read buffer; bytes [pos, limit) are read and not yet consumed; buf[0] is at stream offset {@code base}. */
    byte[] buf;
    int pos;
    int limit;
    private long base;
    private boolean eof;

    CaptureReader(InputStream in, byte[] prefix, int prefixLength, int bufferSize) {
        this.in = in;
        this.buf = new byte[Math.max(bufferSize, 64)];
        System.arraycopy(prefix, 0, buf, 0, prefixLength);
        limit = prefixLength;
    }

    /** Detects the format from the magic number and reads the file header (pcap) or the first section's header up to its first interface (pcapng). */
    public static CaptureReader open(InputStream in) throws IOException {
        return open(in, BUFFER_SIZE);
    }

    /**
     * {@link #open(InputStream)} with a chosen initial read-buffer size (it grows for larger records): small for
     * many short streams (live PCAP-over-IP, fuzzing), the 1 MiB default for files.
     */
    public static CaptureReader open(InputStream in, int bufferSize) throws IOException {
        byte[] magic = new byte[4];
        int n = in.readNBytes(magic, 0, 4);
        if (n < 4) {
            throw new CaptureFormatException("truncated dump file; tried to read 4 file header bytes, only got " + n);
        }
        int be = (magic[0] & 0xff) << 24 | (magic[1] & 0xff) << 16 | (magic[2] & 0xff) << 8 | (magic[3] & 0xff);
        if (be == PcapngReader.SHB_TYPE) return new PcapngReader(in, magic, bufferSize);
        if (PcapReader.isMagic(be)) return new PcapReader(in, magic, bufferSize);
        throw new CaptureFormatException(String.format(
                "unknown file format: magic number 0x%08x at byte 0 is neither pcap nor pcapng", be));
    }

    /** Opens a file; the returned reader owns (and closes) the file. */
    public static CaptureReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return open(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Fills {@code r} with the next packet.
     *
     * @return false at the clean end of the input
     * @throws CaptureTruncatedException when the input ends inside a record
     * @throws CaptureFormatException when a record or block header is corrupt
     */
    public abstract boolean next(PacketRecord r) throws IOException;

    /** The link type of the file (pcap) or of the first interface of the first section (pcapng). */
    public abstract int linkType();

    /** The snapshot length of the file (pcap) or of the first interface (pcapng), adjusted as libpcap does. */
    public abstract int snaplen();

    /** True when timestamps have nanosecond resolution (pcap magic 0xa1b23c4d, pcapng if_tsresol finer than µs). */
    public abstract boolean nanosecondResolution();

    /** Offset in the input of the next unread byte (for progress and messages). */
    public final long position() {
        return base + pos;
    }

    /**
     * Makes at least {@code n} bytes available at {@link #pos}, compacting and growing the buffer as needed.
     *
     * @return the bytes available, fewer than {@code n} only at end of input
     */
    final int fill(int n) throws IOException {
        int avail = limit - pos;
        if (avail >= n || eof) return avail;
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, buf.length * 2)];
            System.arraycopy(buf, pos, bigger, 0, avail);
            buf = bigger;
            base += pos;
        } else if (buf.length - pos < n) {
            System.arraycopy(buf, pos, buf, 0, avail);
            base += pos;
        } else {
            // enough room after pos: keep reading into the tail
            int r = readInto(pos + avail, buf.length - pos - avail, n - avail);
            limit += r;
            return limit - pos;
        }
        pos = 0;
        limit = avail;
        limit += readInto(avail, buf.length - avail, n - avail);
        return limit - pos;
    }

    /** Reads until at least {@code min} bytes arrived or the input ended; returns the bytes read. */
    private int readInto(int at, int room, int min) throws IOException {
        int got = 0;
        while (got < min) {
            int r = in.read(buf, at + got, room - got);
            if (r < 0) {
                eof = true;
                break;
            }
            got += r;
        }
        return got;
    }

    /** Skips {@code n} bytes, which need not be buffered; returns the bytes skipped (fewer only at end of input). */
    final long skip(long n) throws IOException {
        long avail = limit - pos;
        if (n <= avail) {
            pos += (int) n;
            return n;
        }
        long done = avail;
        base += limit;
        pos = limit = 0;
        while (done < n && !eof) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                eof = true;
                break;
            }
            done += r;
            base += r;
        }
        return done;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    static int u16le(byte[] b, int i) { return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8; }
    static int u16be(byte[] b, int i) { return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff); }
    static int i32le(byte[] b, int i) { return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24; }
    static int i32be(byte[] b, int i) { return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff); }
}
