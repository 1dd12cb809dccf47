package net.trafficmirror.collector;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import net.trafficmirror.packet.FrameSummary;

/**
 * Flow records of the decapsulated traffic as JSON lines, kept the way NetFlow v9 / IPFIX exporters keep their
 * flow cache (RFC 7011 §5.1, RFC 5102 flowEndReason): a flow is unidirectional and keyed by VNI, IP protocol,
 * source and destination address and port; it is exported when idle longer than the idle timeout, when it has
 * lasted longer than the active timeout (then counted afresh), when the cache is full (the new flow is exported
 * at once as "lack_of_resources"), and at exit ("forced"). ICMP flows carry type·256+code as destination port,
 * as NetFlow does. Bytes are IP bytes (L3 header + payload, as declared: a frame cut at the source still counts
 * its original size), like NetFlow's IN_BYTES.
 *
 * <p>The cache is an open-addressing table of primitive arrays: no allocation per packet; a record allocates
 * its JSON text once, when exported.
 */
public final class FlowRecords implements PacketSink {
    private static final int SLOTS = 1 << 17;
    /** At most this many live flows (load factor ½ keeps probes short). */
    static final int MAX_FLOWS = SLOTS / 2;

    private final Writer out;
    private final long idleNanos, activeNanos;
    private final CollectorCounters counters;
    private final boolean[] used = new boolean[SLOTS];
    private final int[] vni = new int[SLOTS], proto = new int[SLOTS], sport = new int[SLOTS], dport = new int[SLOTS];
    private final long[] srcHi = new long[SLOTS], srcLo = new long[SLOTS], dstHi = new long[SLOTS], dstLo = new long[SLOTS];
    private final int[] version = new int[SLOTS], tcpFlags = new int[SLOTS];
    private final long[] first = new long[SLOTS], last = new long[SLOTS], packets = new long[SLOTS], bytes = new long[SLOTS];
    private final MirrorSessionTraffic[] session = new MirrorSessionTraffic[SLOTS];
    private int live;
    private long exported;
    private final StringBuilder line = new StringBuilder(256);

    public FlowRecords(Writer out, long idleSeconds, long activeSeconds, CollectorCounters counters) {
        if (idleSeconds <= 0 || activeSeconds <= 0) throw new IllegalArgumentException("flow timeouts must be positive");
        this.out = out;
        this.idleNanos = idleSeconds * 1_000_000_000L;
        this.activeNanos = activeSeconds * 1_000_000_000L;
        this.counters = counters;
    }

    public long exported() { return exported; }

    @Override public void accept(TunnelDatagram d) throws IOException {
        FrameSummary f = d.inner;
        if (f.ipVersion == 0) return;
        int sp = f.srcPort < 0 ? 0 : f.srcPort;
        int dp = f.dstPort < 0 ? 0 : f.dstPort;
        if (f.icmpType >= 0) { sp = 0; dp = f.icmpType << 8 | f.icmpCode; }
        int v = d.tunnel.vni;
        long now = d.seconds * 1_000_000_000L + d.nanos;
        long ipBytes = d.innerWireLength - (f.l3Offset - d.frameOffset());
        int mask = SLOTS - 1;
        int i = hash(v, f.protocol, f.srcHi, f.srcLo, f.dstHi, f.dstLo, sp, dp) & mask;
        while (used[i]) {
            if (vni[i] == v && proto[i] == f.protocol && sport[i] == sp && dport[i] == dp && srcHi[i] == f.srcHi
                    && srcLo[i] == f.srcLo && dstHi[i] == f.dstHi && dstLo[i] == f.dstLo && version[i] == f.ipVersion) {
                last[i] = now;
                packets[i]++;
                bytes[i] += ipBytes;
                tcpFlags[i] |= f.tcpFlags;
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        vni[i] = v; proto[i] = f.protocol; sport[i] = sp; dport[i] = dp; version[i] = f.ipVersion;
        srcHi[i] = f.srcHi; srcLo[i] = f.srcLo; dstHi[i] = f.dstHi; dstLo[i] = f.dstLo;
        first[i] = last[i] = now;
        packets[i] = 1;
        bytes[i] = ipBytes;
        tcpFlags[i] = f.tcpFlags;
        session[i] = d.session;
        if (++live > MAX_FLOWS) {
            export(i, "lack_of_resources");
            remove(i);
            counters.droppedByBackpressure++;
        }
    }

    @Override public void tick(long nowSeconds, int nowNanos) throws IOException {
        long now = nowSeconds * 1_000_000_000L + nowNanos;
        if (live > 0) {
            for (int i = 0; i < SLOTS; ) {
                if (used[i]) {
                    String why = now - last[i] >= idleNanos ? "idle" : now - first[i] >= activeNanos ? "active" : null;
                    if (why != null) {
                        export(i, why);
                        remove(i);
                        continue; // remove() may have shifted a later entry into slot i
                    }
                }
                i++;
            }
        }
        out.flush();
    }

    @Override public void close() throws IOException {
        for (int i = 0; i < SLOTS; i++) if (used[i]) export(i, "forced");
        java.util.Arrays.fill(used, false);
        live = 0;
        out.flush();
        out.close();
    }

    private void export(int i, String reason) throws IOException {
        StringBuilder s = line;
        s.setLength(0);
        MirrorSessionTraffic st = session[i];
        s.append("{\"vni\":").append(vni[i]);
        s.append(",\"session\":\"").append(json(st.label().sessionId())).append("\",\"name\":\"").append(json(st.display())).append('"');
        s.append(",\"ip_version\":").append(version[i]).append(",\"proto\":").append(proto[i]);
        s.append(",\"src\":\"").append(address(version[i], srcHi[i], srcLo[i])).append("\",\"sport\":").append(sport[i]);
        s.append(",\"dst\":\"").append(address(version[i], dstHi[i], dstLo[i])).append("\",\"dport\":").append(dport[i]);
        s.append(",\"first\":\"").append(instant(first[i])).append("\",\"last\":\"").append(instant(last[i])).append('"');
        s.append(",\"packets\":").append(packets[i]).append(",\"bytes\":").append(bytes[i]);
        s.append(",\"tcp_flags\":").append(tcpFlags[i]).append(",\"tcp_flags_text\":\"").append(flagText(tcpFlags[i])).append('"');
        s.append(",\"end\":\"").append(reason).append("\"}\n");
        out.append(s);
        exported++;
    }

    /** Backward-shift deletion for linear probing (Knuth 6.4 algorithm R): no tombstones, probes stay short. */
    private void remove(int i) {
        int mask = SLOTS - 1;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (!used[j]) break;
            int home = hash(vni[j], proto[j], srcHi[j], srcLo[j], dstHi[j], dstLo[j], sport[j], dport[j]) & mask;
            boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (stays) continue;
            move(j, i);
            i = j;
        }
        used[i] = false;
        session[i] = null;
        live--;
    }

    private void move(int from, int to) {
        used[to] = true;
        vni[to] = vni[from]; proto[to] = proto[from]; sport[to] = sport[from]; dport[to] = dport[from];
        version[to] = version[from]; srcHi[to] = srcHi[from]; srcLo[to] = srcLo[from]; dstHi[to] = dstHi[from];
        dstLo[to] = dstLo[from]; tcpFlags[to] = tcpFlags[from]; first[to] = first[from]; last[to] = last[from];
        packets[to] = packets[from]; bytes[to] = bytes[from]; session[to] = session[from];
    }

    private static int hash(int v, int p, long sh, long sl, long dh, long dl, int sp, int dp) {
        long h = v * 0x9E3779B97F4A7C15L;
        h = (h ^ p) * 0xBF58476D1CE4E5B9L;
        h = (h ^ sh) * 0x94D049BB133111EBL;
        h = (h ^ sl) * 0x9E3779B97F4A7C15L;
        h = (h ^ dh) * 0xBF58476D1CE4E5B9L;
        h = (h ^ dl) * 0x94D049BB133111EBL;
        h = (h ^ ((long) sp << 16 | dp)) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static String address(int version, long hi, long lo) {
        byte[] a = new byte[version == 4 ? 4 : 16];
        if (version == 4) {
            for (int k = 0; k < 4; k++) a[k] = (byte) (hi >>> (24 - 8 * k));
        } else {
            for (int k = 0; k < 8; k++) { a[k] = (byte) (hi >>> (56 - 8 * k)); a[k + 8] = (byte) (lo >>> (56 - 8 * k)); }
        }
        try {
            return InetAddress.getByAddress(a).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length is 4 or 16
        }
    }

    private static String instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)).toString();
    }

    /** TCP flags in tcpdump's letters and order (print-tcp.c tcp_flag_values): F S R P . U E W. */
    static String flagText(int flags) {
        StringBuilder b = new StringBuilder(8);
        if ((flags & 0x01) != 0) b.append('F');
        if ((flags & 0x02) != 0) b.append('S');
        if ((flags & 0x04) != 0) b.append('R');
        if ((flags & 0x08) != 0) b.append('P');
        if ((flags & 0x10) != 0) b.append('.');
        if ((flags & 0x20) != 0) b.append('U');
        if ((flags & 0x40) != 0) b.append('E');
        if ((flags & 0x80) != 0) b.append('W');
        return b.toString();
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
