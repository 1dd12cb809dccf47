package net.trafficmirror.collector;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.io.PcapWriter;
import net.trafficmirror.packet.io.PcapngOptions;
import net.trafficmirror.packet.io.PcapngWriter;

/**
 * Decapsulated frames in pcap or pcapng files, one series of files per mirror session.
 *
 * <ul>
 * <li>Names carry the session and the UTC start time: {@code NAME_vniN_20261127T012345Z.pcap} (a second file in
 *     the same second gets {@code -1}, {@code -2}, …), so files sort by time and can be found by session.</li>
 * <li>A file is rotated when it would pass {@code rotateBytes}, and at clock-aligned boundaries of
 *     {@code rotateSeconds} (multiples of the period since the epoch, so hourly files start on the hour UTC).</li>
 * <li>Retention, applied at each rotation: at most {@code keepFiles} files per session, none older than
 *     {@code keepSeconds} (0 = no limit).</li>
 * <li>Durability: records collect in the writer's buffer and reach the file on every tick (≤ 200 ms) and at
 *     close, so a kill -9 loses at most the last fraction of a second and leaves a file that tcpdump reads up to
 *     its last complete record; SIGTERM flushes everything.</li>
 * <li>pcapng: one Interface Description Block per session, named after it, whose description and comment give
 *     the VNI, the session id and the sender; a packet from another sender than the first carries a comment
 *     naming it.</li>
 * </ul>
 */
public final class CaptureFiles implements PacketSink {
    public enum Format { PCAP, PCAPNG }

    static final int SNAPLEN = 262144;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final Format format;
    private final long rotateBytes, rotateSeconds;
    private final int keepFiles;
    private final long keepSeconds;
    private final boolean nanos;
    private final CollectorCounters counters;
    private final Map<MirrorSessionTraffic, OpenFile> open = new IdentityHashMap<>();
    /** The last name stem and sequence number each session used: a new file in the same second continues it. */
    private final Map<MirrorSessionTraffic, String> lastStem = new IdentityHashMap<>();
    private final Map<MirrorSessionTraffic, Integer> lastSequence = new IdentityHashMap<>();

    /** The file a session is writing now. */
    private static final class OpenFile {
        final Path path;
        final FileOutputStream stream;
        final PcapWriter pcap;
        final PcapngWriter pcapng;
        final long periodEnd;
        final byte[] firstSender;
        long bytes;
        /** The comment for packets from a sender other than the first, cached per sender. */
        byte[] lastOther;
        String lastOtherComment;

        OpenFile(Path path, FileOutputStream stream, PcapWriter pcap, PcapngWriter pcapng, long periodEnd, byte[] firstSender, long bytes) {
            this.path = path; this.stream = stream; this.pcap = pcap; this.pcapng = pcapng;
            this.periodEnd = periodEnd; this.firstSender = firstSender; this.bytes = bytes;
        }

        void flush() throws IOException {
            if (pcap != null) pcap.flush(); else pcapng.flush();
        }

        void close() throws IOException {
            try {
                flush();
            } finally {
                stream.close();
            }
        }
    }

    public CaptureFiles(Path directory, Format format, long rotateBytes, long rotateSeconds, int keepFiles,
                        long keepSeconds, boolean nanos, CollectorCounters counters) throws IOException {
        this.directory = directory;
        this.format = format;
        this.rotateBytes = rotateBytes;
        this.rotateSeconds = rotateSeconds;
        this.keepFiles = keepFiles;
        this.keepSeconds = keepSeconds;
        this.nanos = nanos;
        this.counters = counters;
        Files.createDirectories(directory);
        if (!Files.isWritable(directory)) throw new IOException("cannot write capture files into " + directory);
    }

    /** The files being written now, one per session. */
    public List<Path> openFiles() {
        return open.values().stream().map(f -> f.path).toList();
    }

    @Override public void accept(TunnelDatagram d) throws IOException {
        OpenFile f = open.get(d.session);
        int caplen = Math.min(d.frameLength(), SNAPLEN);
        long recordBytes = format == Format.PCAP ? 16 + caplen : 32 + ((caplen + 3) & ~3);
        if (f != null && (d.seconds >= f.periodEnd || (rotateBytes > 0 && f.bytes + recordBytes > rotateBytes && f.bytes > headerBytes()))) {
            f.close();
            open.remove(d.session);
            retain(d.session);
            f = null;
        }
        if (f == null) {
            f = create(d);
            open.put(d.session, f);
        }
        if (f.pcap != null) {
            f.pcap.write(d.seconds, d.nanos, d.buffer, d.frameOffset(), caplen, d.innerWireLength);
        } else {
            f.pcapng.writePacket(0, d.seconds, d.nanos, d.buffer, d.frameOffset(), caplen, d.innerWireLength, senderComment(f, d));
        }
        f.bytes += recordBytes;
        counters.written++;
    }

    private long headerBytes() { return format == Format.PCAP ? 24 : 0; }

    /** Null for the file's first sender, else "sender ADDR" (one string per sender, not per packet). */
    private static String senderComment(OpenFile f, TunnelDatagram d) {
        if (java.util.Arrays.equals(f.firstSender, d.senderAddress)) return null;
        if (f.lastOther != d.senderAddress) { // sender addresses are cached per sender: identity is enough
            f.lastOther = d.senderAddress;
            f.lastOtherComment = "sender " + text(d.senderAddress);
        }
        return f.lastOtherComment;
    }

    private OpenFile create(TunnelDatagram d) throws IOException {
        MirrorSessionTraffic s = d.session;
        String base = fileSafe(s.display()) + "_vni" + s.vni + "_" + STAMP.format(Instant.ofEpochSecond(d.seconds));
        String ext = format == Format.PCAP ? ".pcap" : ".pcapng";
        // Sequence numbers only grow within a second, even after retention deleted earlier files, so names sort as written.
        int n = base.equals(lastStem.get(s)) ? lastSequence.get(s) + 1 : 0;
        Path path = directory.resolve(n == 0 ? base + ext : base + "-" + n + ext);
        while (Files.exists(path)) path = directory.resolve(base + "-" + ++n + ext);
        lastStem.put(s, base);
        lastSequence.put(s, n);
        FileOutputStream stream = new FileOutputStream(path.toFile());
        long periodEnd = rotateSeconds > 0 ? (Math.floorDiv(d.seconds, rotateSeconds) + 1) * rotateSeconds : Long.MAX_VALUE;
        OpenFile f;
        if (format == Format.PCAP) {
            f = new OpenFile(path, stream, new PcapWriter(stream, LinkType.ETHERNET, SNAPLEN, nanos), null, periodEnd, d.senderAddress, 24);
        } else {
            PcapngWriter w = new PcapngWriter(stream);
            String sender = text(d.senderAddress);
            String description = "mirror session " + (s.label().sessionId().isEmpty() ? "?" : s.label().sessionId())
                    + ", VXLAN VNI " + s.vni + ", sender " + sender;
            PcapngOptions options = new PcapngOptions().comment(description);
            w.addInterface(LinkType.ETHERNET, SNAPLEN, s.display(), description, nanos, options);
            f = new OpenFile(path, stream, null, w, periodEnd, d.senderAddress, 0);
        }
        f.flush(); // the header is on disk at once: the file is readable from the start
        return f;
    }

    @Override public void tick(long nowSeconds, int nowNanos) throws IOException {
        List<MirrorSessionTraffic> expired = null;
        for (Map.Entry<MirrorSessionTraffic, OpenFile> e : open.entrySet()) {
            OpenFile f = e.getValue();
            if (nowSeconds >= f.periodEnd) {
                if (expired == null) expired = new ArrayList<>();
                expired.add(e.getKey());
            } else {
                f.flush();
            }
        }
        if (expired != null) {
            // A quiet session's file is closed at its boundary; the next packet opens the next period's file.
            for (MirrorSessionTraffic s : expired) {
                open.remove(s).close();
                retain(s);
            }
        }
    }

    /** Deletes this session's oldest files beyond the count limit and those older than the age limit. */
    private void retain(MirrorSessionTraffic s) throws IOException {
        if (keepFiles <= 0 && keepSeconds <= 0) return;
        String prefix = fileSafe(s.display()) + "_vni" + s.vni + "_";
        String ext = format == Format.PCAP ? ".pcap" : ".pcapng";
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = new ArrayList<>(list.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(ext);
            }).sorted(Comparator.comparing((Path p) -> stampOf(p, prefix, ext)).thenComparingInt(p -> sequenceOf(p, ext))).toList());
        }
        long now = System.currentTimeMillis();
        // Called when no file of the session is open; the next packet opens one, which counts against the limit.
        int keepClosed = keepFiles > 0 ? keepFiles - 1 : Integer.MAX_VALUE;
        for (int i = 0; i < files.size(); i++) {
            Path p = files.get(i);
            boolean tooMany = files.size() - i > keepClosed;
            boolean tooOld = keepSeconds > 0 && now - Files.getLastModifiedTime(p).toMillis() > keepSeconds * 1000;
            if (tooMany || tooOld) Files.deleteIfExists(p);
        }
    }

    @Override public void close() throws IOException {
        IOException first = null;
        for (OpenFile f : open.values()) {
            try {
                f.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        open.clear();
        if (first != null) throw first;
    }

    /** The time part of a file name: {@code 20261127T012345Z}. */
    private static String stampOf(Path p, String prefix, String ext) {
        String n = p.getFileName().toString();
        int z = n.indexOf('Z', prefix.length());
        return z < 0 ? n : n.substring(prefix.length(), z + 1);
    }

    /** 0 for the first file of a second, n for its {@code -n} successors, so files sort in the order written. */
    private static int sequenceOf(Path p, String ext) {
        String n = p.getFileName().toString();
        String stem = n.substring(0, n.length() - ext.length());
        int dash = stem.lastIndexOf('-');
        if (dash < 0 || !stem.substring(dash + 1).chars().allMatch(Character::isDigit) || dash + 1 == stem.length()) return 0;
        return Integer.parseInt(stem.substring(dash + 1));
    }

    static String fileSafe(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' ? c : '_');
        }
        return b.toString();
    }

    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (IOException e) {
            return "?";
        }
    }
}
