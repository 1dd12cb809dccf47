package net.trafficmirror.packet.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * The classic pcap format (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html): a 24-byte file header
 * then records of a 16-byte header and the captured bytes, in the writer's byte order, with microsecond
 * (magic 0xa1b2c3d4) or nanosecond (0xa1b23c4d) timestamps. Record checks follow libpcap's
 * {@code sf-pcap.c:pcap_next_packet()}: a caplen above the link type's maximum is an error, a caplen above the
 * file's snapshot length is cut to it (the rest is skipped), and a short record is a truncated file.
 */
public final class PcapReader extends CaptureReader {
    static final int MAGIC_MICRO = 0xa1b2c3d4;
    static final int MAGIC_NANO = 0xa1b23c4d;
    static final int FILE_HEADER = 24;
    static final int RECORD_HEADER = 16;

    private final boolean bigEndian;
    private final boolean nanos;
    private final int linkType;
    private final int snaplen;
    private byte[] spill;

    static boolean isMagic(int be) {
        return be == MAGIC_MICRO || be == MAGIC_NANO
                || be == Integer.reverseBytes(MAGIC_MICRO) || be == Integer.reverseBytes(MAGIC_NANO);
    }

    PcapReader(InputStream in, byte[] magic, int bufferSize) throws IOException {
        super(in, magic, 4, bufferSize);
        int be = i32be(magic, 0);
        bigEndian = be == MAGIC_MICRO || be == MAGIC_NANO;
        nanos = be == MAGIC_NANO || be == Integer.reverseBytes(MAGIC_NANO);
        int have = fill(FILE_HEADER);
        if (have < FILE_HEADER) {
            throw new CaptureFormatException("truncated dump file; tried to read " + FILE_HEADER
                    + " file header bytes, only got " + (have - 4));
        }
        int major = u16(buf, 4);
        int minor = u16(buf, 6);
        if (major != 2) {
            throw new CaptureFormatException("unsupported pcap savefile version " + major + "." + minor + " (at byte 4)");
        }
        int rawSnap = i32(buf, 16);
        // LINKTYPE in the low 16 bits; the upper bits carry FCS length flags (pcap draft §4, LinkType field).
        linkType = i32(buf, 20) & 0xffff;
        // pcap_adjust_snapshot(): a non-positive or oversized snapshot length means "the maximum".
        snaplen = rawSnap <= 0 || rawSnap > MAXIMUM_SNAPLEN ? MAXIMUM_SNAPLEN : rawSnap;
        pos = FILE_HEADER;
    }

    @Override
    public boolean next(PacketRecord r) throws IOException {
        long recordOffset = position();
        int have = fill(RECORD_HEADER);
        if (have == 0) return false;
        if (have < RECORD_HEADER) {
            throw new CaptureTruncatedException("truncated dump file; tried to read " + RECORD_HEADER
                    + " header bytes, only got " + have);
        }
        long sec = i32(buf, pos); // signed, as libpcap (bpf_int32) and tshark take it
        long frac = i32(buf, pos + 4) & 0xffffffffL;
        long caplen = i32(buf, pos + 8) & 0xffffffffL;
        long wirelen = i32(buf, pos + 12) & 0xffffffffL;
        if (caplen > MAXIMUM_SNAPLEN) {
            throw new CaptureFormatException("invalid packet capture length " + caplen + ", bigger than "
                    + (caplen > snaplen ? "snaplen of " + snaplen : "maximum of " + MAXIMUM_SNAPLEN)
                    + " (record at byte " + recordOffset + ")");
        }
        pos += RECORD_HEADER;
        int keep = (int) Math.min(caplen, snaplen);
        int got = fill(keep);
        if (got < keep) {
            throw new CaptureTruncatedException("truncated dump file; tried to read " + keep
                    + " captured bytes, only got " + got);
        }
        // An out-of-range sub-second field (a corrupt writer's) is kept as is, as tcpdump and tshark print it,
        // unless it overflows the nanosecond field; then it carries into the seconds.
        long n = nanos ? frac : frac * 1000;
        if (n > Integer.MAX_VALUE) {
            sec += n / 1_000_000_000L;
            n %= 1_000_000_000L;
        }
        r.seconds = sec;
        r.nanos = (int) n;
        r.caplen = keep;
        r.wirelen = (int) Math.min(wirelen, Integer.MAX_VALUE);
        r.linkType = linkType;
        r.interfaceId = 0;
        r.buffer = buf;
        r.offset = pos;
        r.fileOffset = recordOffset;
        pos += keep;
        if (caplen > keep) {
            // Skipping may refill the buffer under the packet: move the packet aside first (rare path).
            if (spill == null) spill = new byte[snaplen];
            System.arraycopy(buf, r.offset, spill, 0, keep);
            r.buffer = spill;
            r.offset = 0;
            long rest = caplen - keep;
            long skipped = skip(rest);
            if (skipped < rest) {
                throw new CaptureTruncatedException("truncated dump file; tried to read " + caplen
                        + " captured bytes, only got " + (keep + skipped));
            }
        }
        return true;
    }

    private int u16(byte[] b, int i) { return bigEndian ? u16be(b, i) : u16le(b, i); }
    private int i32(byte[] b, int i) { return bigEndian ? i32be(b, i) : i32le(b, i); }

    @Override public int linkType() { return linkType; }
    @Override public int snaplen() { return snaplen; }
    @Override public boolean nanosecondResolution() { return nanos; }
}
