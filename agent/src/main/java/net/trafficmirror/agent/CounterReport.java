package net.trafficmirror.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The counters as text, for the lines printed at exit: per direction, then per session, summed over capture threads. */
public final class CounterReport {
    private CounterReport() {}

    public static List<String> lines(InterfaceTotals totals) {
        InterfaceCounters c = totals.interfaceCounters();
        List<String> out = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            StringBuilder b = new StringBuilder();
            b.append(c.interfaceName).append(d == TrafficCounters.IN ? " ingress" : " egress")
                    .append(": seen ").append(c.seen[d])
                    .append(" = mirrored ").append(c.mirroredPackets[d])
                    .append(" + skipped ").append(c.skippedPackets[d])
                    .append(" + not mirrored ").append(c.notMirrored(d));
            String sep = " (";
            for (NotMirroredReason r : NotMirroredReason.values()) {
                long n = c.notMirrored[d][r.ordinal()];
                if (n == 0) continue;
                b.append(sep).append(r.text()).append(' ').append(n);
                sep = ", ";
            }
            if (!sep.equals(" (")) b.append(')');
            b.append("; NetworkMirror").append(TrafficCounters.suffix(d)).append(' ').append(c.mirroredBytes[d]).append(" bytes")
                    .append(", NetworkSkipMirror").append(TrafficCounters.suffix(d)).append(' ').append(c.skippedBytes[d]).append(" bytes")
                    .append("; truncated to packet length ").append(c.truncatedToPacketLength[d])
                    .append(", to path MTU ").append(c.truncatedToMtu[d]);
            out.add(b.toString());
        }
        out.add(c.interfaceName + ": kernel drops " + c.kernelDrops);
        long[] byThread = totals.seenByThread();
        if (byThread.length > 1)
            out.add(c.interfaceName + ": seen by capture thread " + Arrays.stream(byThread).mapToObj(Long::toString).collect(Collectors.joining(", ")));
        totals.sessionCounters().forEach(s -> out.add(
                "session " + s.sessionId + " vni " + s.vni
                        + ": mirrored in " + s.mirroredPackets[TrafficCounters.IN] + " out " + s.mirroredPackets[TrafficCounters.OUT]
                        + " packets (" + s.mirroredBytes[TrafficCounters.IN] + "/" + s.mirroredBytes[TrafficCounters.OUT] + " bytes)"
                        + ", skipped in " + s.skippedPackets[TrafficCounters.IN] + " out " + s.skippedPackets[TrafficCounters.OUT]));
        return out;
    }
}
