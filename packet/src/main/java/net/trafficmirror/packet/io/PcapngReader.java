package net.trafficmirror.packet.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html): blocks of
 * {@code type, total length, body, total length}. Reads Section Header Blocks (§4.1; byte order from each
 * section's byte-order magic, several sections), Interface Description Blocks (§4.2; each interface with its own
 * link type, snapshot length, {@code if_tsresol} and {@code if_tsoffset}), Enhanced and Simple Packet Blocks
 * (§4.3, §4.4) and the obsolete Packet Block (Appendix A); every other block is skipped. Checks follow libpcap's
 * {@code sf-pcapng.c}: block lengths at least 12 and a multiple of 4, header and trailer lengths equal, packets
 * only on described interfaces, captured data inside its block.
 */
public final class PcapngReader extends CaptureReader {
    static final int SHB_TYPE = 0x0a0d0d0a;
    static final int IDB_TYPE = 1;
    static final int OPB_TYPE = 2;
    static final int SPB_TYPE = 3;
    static final int EPB_TYPE = 6;
    static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    /** libpcap's MAX_BLOCKSIZE: larger blocks are taken as corruption rather than allocated. */
    static final int MAX_BLOCK = 16 * 1024 * 1024;
    static final int OPT_IF_TSRESOL = 9;
    static final int OPT_IF_TSOFFSET = 14;

    private boolean bigEndian;
    /** Interfaces of the current section, by id. */
    private int interfaces;
    private int[] linkTypes = new int[4];
    private int[] snaplens = new int[4];
    /** Timestamp units per second for a decimal if_tsresol, or 0 when {@link #shifts} applies. */
    private long[] unitsPerSecond = new long[4];
    /** Binary if_tsresol exponent (units are 2^-shift s). */
    private int[] shifts = new int[4];
    private long[] offsets = new long[4];
    private final int firstLinkType;
    private final int firstSnaplen;
    private final boolean firstNanos;

    PcapngReader(InputStream in, byte[] magic, int bufferSize) throws IOException {
        super(in, magic, 4, bufferSize);
        PacketRecord none = new PacketRecord();
        while (interfaces == 0) {
            int type = readBlock(none);
            if (type < 0) throw new CaptureFormatException("pcapng file has no interface description block");
            if (type == EPB_TYPE || type == SPB_TYPE || type == OPB_TYPE) {
                throw new CaptureFormatException("pcapng packet block before any interface description block at byte " + none.fileOffset);
            }
        }
        firstLinkType = linkTypes[0];
        firstSnaplen = snaplens[0];
        firstNanos = unitsPerSecond[0] > 1_000_000L || (unitsPerSecond[0] == 0 && shifts[0] > 19);
    }

    @Override
    public boolean next(PacketRecord r) throws IOException {
        while (true) {
            int type = readBlock(r);
            if (type < 0) return false;
            if (type == EPB_TYPE || type == SPB_TYPE || type == OPB_TYPE) return true;
        }
    }

    /**
     * Reads one block and consumes it. Packet blocks fill {@code r} (pointing into the buffer, which stays valid
     * until the next read); interface and section blocks update the reader's state.
     *
     * @return the block type, or -1 at the clean end of input
     */
    private int readBlock(PacketRecord r) throws IOException {
        long at = position();
        int have = fill(12);
        if (have == 0) return -1;
        if (have < 12) throw truncated(12, have);
        int type = i32(buf, pos);
        if (type == SHB_TYPE) {
            int bom = i32be(buf, pos + 8);
            if (bom == BYTE_ORDER_MAGIC) bigEndian = true;
            else if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) bigEndian = false;
            else throw new CaptureFormatException(String.format(
                    "pcapng section header at byte %d has an unknown byte-order magic 0x%08x", at, bom));
        }
        int len = i32(buf, pos + 4);
        if (len < 12 || (len & 3) != 0 || len > MAX_BLOCK) {
            throw new CaptureFormatException("pcapng block of type " + Integer.toUnsignedString(type)
                    + " at byte " + at + " has an invalid length " + Integer.toUnsignedString(len));
        }
        have = fill(len);
        if (have < len) throw truncated(len, have);
        int trailer = i32(buf, pos + len - 4);
        if (trailer != len) {
            throw new CaptureFormatException("pcapng block at byte " + at + ": total length " + len
                    + " in its header but " + Integer.toUnsignedString(trailer) + " in its trailer");
        }
        int b = pos;
        pos += len;
        switch (type) {
            case SHB_TYPE -> section(b, len, at);
            case IDB_TYPE -> describeInterface(b, len, at);
            case EPB_TYPE -> packet(r, b, len, at, i32(buf, b + 8), 12, 28);
            case OPB_TYPE -> packet(r, b, len, at, u16(buf, b + 8), 12, 28);
            case SPB_TYPE -> simplePacket(r, b, len, at);
            default -> { }
        }
        return type;
    }

    private void section(int b, int len, long at) throws CaptureFormatException {
        if (len < 28) throw new CaptureFormatException("pcapng section header at byte " + at + " is too short (" + len + " bytes)");
        int major = u16(buf, b + 12);
        if (major != 1) {
            throw new CaptureFormatException("pcapng section header at byte " + at + " has unsupported version "
                    + major + "." + u16(buf, b + 14) + " (expected 1.0)");
        }
        interfaces = 0;
    }

    private void describeInterface(int b, int len, long at) throws CaptureFormatException {
        if (len < 20) throw new CaptureFormatException("pcapng interface description at byte " + at + " is too short (" + len + " bytes)");
        if (interfaces == linkTypes.length) {
            int n = interfaces * 2;
            linkTypes = Arrays.copyOf(linkTypes, n);
            snaplens = Arrays.copyOf(snaplens, n);
            unitsPerSecond = Arrays.copyOf(unitsPerSecond, n);
            shifts = Arrays.copyOf(shifts, n);
            offsets = Arrays.copyOf(offsets, n);
        }
        int id = interfaces;
        linkTypes[id] = u16(buf, b + 8);
        int snap = i32(buf, b + 12);
        snaplens[id] = snap <= 0 || snap > MAXIMUM_SNAPLEN ? MAXIMUM_SNAPLEN : snap;
        unitsPerSecond[id] = 1_000_000L;
        shifts[id] = 0;
        offsets[id] = 0;
        int p = b + 16;
        int end = b + len - 4;
        while (end - p >= 4) {
            int code = u16(buf, p);
            int olen = u16(buf, p + 2);
            int v = p + 4;
            if (code == 0) break;
            if (olen > end - v) {
                throw new CaptureFormatException("pcapng interface description at byte " + at + ": option " + code
                        + " of " + olen + " bytes runs past the block");
            }
            if (code == OPT_IF_TSRESOL && olen == 1) {
                int res = buf[v] & 0xff;
                int exp = res & 0x7f;
                if ((res & 0x80) != 0) {
                    if (exp > 63) throw new CaptureFormatException("pcapng interface at byte " + at + ": if_tsresol 2^-" + exp + " is too fine");
                    unitsPerSecond[id] = 0;
                    shifts[id] = exp;
                } else {
                    if (exp > 18) throw new CaptureFormatException("pcapng interface at byte " + at + ": if_tsresol 10^-" + exp + " is too fine");
                    long u = 1;
                    for (int i = 0; i < exp; i++) u *= 10;
                    unitsPerSecond[id] = u;
                }
            } else if (code == OPT_IF_TSOFFSET && olen == 8) {
                offsets[id] = i64(buf, v);
            }
            p = v + ((olen + 3) & ~3);
        }
        interfaces++;
    }

    private void packet(PacketRecord r, int b, int len, long at, int ifId, int tsAt, int dataAt) throws CaptureFormatException {
        if (len < dataAt + 4) throw new CaptureFormatException("pcapng packet block at byte " + at + " is too short (" + len + " bytes)");
        checkInterface(ifId, at);
        long caplen = i32(buf, b + 20) & 0xffffffffL;
        if (caplen > len - dataAt - 4) {
            throw new CaptureFormatException("pcapng packet block at byte " + at + ": captured length " + caplen
                    + " exceeds the block's " + (len - dataAt - 4) + " bytes of data");
        }
        if (caplen > snaplens[ifId]) {
            // libpcap's sf-pcapng.c rejects this (unlike sf-pcap.c, which cuts the record), and so does tcpdump
            throw new CaptureFormatException("invalid packet capture length " + caplen + ", bigger than snaplen of "
                    + snaplens[ifId] + " (block at byte " + at + ")");
        }
        long ts = (long) i32(buf, b + tsAt) << 32 | (i32(buf, b + tsAt + 4) & 0xffffffffL);
        timestamp(r, ifId, ts);
        fill(r, ifId, b + dataAt, (int) caplen, i32(buf, b + 24) & 0xffffffffL, at);
    }

    private void simplePacket(PacketRecord r, int b, int len, long at) throws CaptureFormatException {
        if (len < 16) throw new CaptureFormatException("pcapng simple packet block at byte " + at + " is too short (" + len + " bytes)");
        checkInterface(0, at);
        long wire = i32(buf, b + 8) & 0xffffffffL;
        // §4.4: the captured length is the smaller of the original length and the interface's snapshot length.
        int caplen = (int) Math.min(Math.min(wire, snaplens[0]), len - 16);
        r.seconds = 0;
        r.nanos = 0;
        fill(r, 0, b + 12, caplen, wire, at);
    }

    private void checkInterface(int ifId, long at) throws CaptureFormatException {
        if (ifId < 0 || ifId >= interfaces) {
            throw new CaptureFormatException("pcapng packet block at byte " + at + " names interface "
                    + Integer.toUnsignedString(ifId) + " but the section describes " + interfaces);
        }
    }

    private void timestamp(PacketRecord r, int ifId, long ts) {
        long ups = unitsPerSecond[ifId];
        long sec;
        long nanos;
        if (ups != 0) {
            sec = Long.divideUnsigned(ts, ups);
            long rem = Long.remainderUnsigned(ts, ups);
            nanos = ups <= 1_000_000_000L ? rem * (1_000_000_000L / ups) : rem / (ups / 1_000_000_000L);
        } else {
            int shift = shifts[ifId];
            sec = shift == 0 ? ts : ts >>> shift;
            // fraction as a 0.64 fixed-point number, times 10^9, keeping the integer part
            nanos = shift == 0 ? 0 : Math.unsignedMultiplyHigh(ts << (64 - shift), 1_000_000_000L);
        }
        r.seconds = sec + offsets[ifId];
        r.nanos = (int) nanos;
    }

    private void fill(PacketRecord r, int ifId, int data, int caplen, long wire, long at) {
        r.caplen = caplen;
        r.wirelen = (int) Math.min(wire, Integer.MAX_VALUE);
        r.linkType = linkTypes[ifId];
        r.interfaceId = ifId;
        r.buffer = buf;
        r.offset = data;
        r.fileOffset = at;
    }

    private static CaptureTruncatedException truncated(int wanted, int got) {
        return new CaptureTruncatedException("truncated pcapng dump file; tried to read " + wanted + " bytes, only got " + got);
    }

    private int u16(byte[] b, int i) { return bigEndian ? u16be(b, i) : u16le(b, i); }
    private int i32(byte[] b, int i) { return bigEndian ? i32be(b, i) : i32le(b, i); }
    private long i64(byte[] b, int i) {
        return bigEndian ? (long) i32be(b, i) << 32 | (i32be(b, i + 4) & 0xffffffffL)
                : (long) i32le(b, i + 4) << 32 | (i32le(b, i) & 0xffffffffL);
    }

    @Override public int linkType() { return firstLinkType; }
    @Override public int snaplen() { return firstSnaplen; }
    @Override public boolean nanosecondResolution() { return firstNanos; }
}
