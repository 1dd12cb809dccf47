package net.trafficmirror.collector;

import java.util.List;

/**
 * The collector's words to its user: the exit summary (like tcpdump's "N packets captured / received by filter /
 * dropped by kernel", plus what only a tunnel collector can tell) and the live one-line status.
 */
public final class CollectorReport {
    private long lastReceived, lastNanos;

    /** The summary printed at exit: totals, then one line per session. */
    public static String summary(CollectorCounters c, List<MirrorSessionTraffic> sessions) {
        StringBuilder b = new StringBuilder();
        b.append(c.received).append(" datagrams received, ").append(c.decapsulated).append(" decapsulated, ")
                .append(c.malformedTotal()).append(" malformed, ").append(c.notAllowed).append(" not allowed, ")
                .append(c.socketDrops).append(" dropped by kernel\n");
        b.append(c.truncatedAtSource).append(" truncated at source, ").append(c.filteredOut).append(" filtered out, ")
                .append(c.written).append(" records written, ").append(c.droppedByBackpressure).append(" dropped by backpressure\n");
        if (c.malformedTotal() > 0) {
            b.append("malformed:");
            for (int s = 1; s < c.malformed.length; s++) {
                if (c.malformed[s] > 0) b.append(' ').append(net.trafficmirror.mirror.encap.Decapsulated.reason(s)).append('=').append(c.malformed[s]);
            }
            b.append('\n');
        }
        for (MirrorSessionTraffic s : sessions) {
            b.append("session ").append(s.display()).append(" (vni ").append(s.vni);
            if (!s.label().sessionId().isEmpty() && !s.label().sessionId().equals(s.display())) b.append(", ").append(s.label().sessionId());
            b.append("): ").append(s.packets).append(" packets, ").append(s.bytes).append(" bytes");
            if (s.truncated > 0) b.append(", ").append(s.truncated).append(" truncated at source");
            b.append('\n');
        }
        return b.toString();
    }

    /** One status line (no newline): rate since the previous call and per-session counts, at most ~5 sessions. */
    public String status(CollectorCounters c, List<MirrorSessionTraffic> sessions) {
        long now = System.nanoTime();
        long received = c.received;
        double pps = lastNanos == 0 ? 0 : (received - lastReceived) * 1e9 / Math.max(1, now - lastNanos);
        lastNanos = now;
        lastReceived = received;
        StringBuilder b = new StringBuilder();
        b.append(String.format("%.0f pkt/s, %d received, %d malformed, %d dropped", pps, received, c.malformedTotal(),
                c.socketDrops + c.droppedByBackpressure));
        int shown = 0;
        for (MirrorSessionTraffic s : sessions) {
            if (shown++ == 5) { b.append(" …"); break; }
            b.append(" | ").append(s.display()).append(' ').append(s.packets);
        }
        return b.toString();
    }
}
