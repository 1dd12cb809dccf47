package net.trafficmirror.agent;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One source interface's counters when several capture threads share it (PACKET_FANOUT), each with its own
 * {@link MirrorPipeline} writing only its own counters: summed when read, for the exit report and the metrics
 * endpoint, so the interface and its sessions are reported once, as with one thread. Reading takes no lock and
 * costs the capture threads nothing; a sum taken while they run may be a moment old per thread, one taken after
 * they have ended (joined) is exact. The sums add up as each pipeline's do: seen = mirrored + skipped + not mirrored.
 */
public final class InterfaceTotals {
    private final List<MirrorPipeline> pipelines;

    public InterfaceTotals(List<MirrorPipeline> pipelines) {
        if (pipelines.isEmpty()) throw new IllegalArgumentException("no pipelines");
        this.pipelines = List.copyOf(pipelines);
    }

    public String interfaceName() { return pipelines.getFirst().counters().interfaceName; }

    /** The interface's counters summed over the pipelines, kernel drops (each ring's PACKET_STATISTICS) included. */
    public InterfaceCounters interfaceCounters() {
        InterfaceCounters sum = new InterfaceCounters(interfaceName());
        for (MirrorPipeline p : pipelines) sum.add(p.counters());
        return sum;
    }

    /** Frames each capture thread saw (both directions), in thread order: how evenly the fanout hash spread the flows. */
    public long[] seenByThread() {
        return pipelines.stream().mapToLong(p -> p.counters().seen[TrafficCounters.IN] + p.counters().seen[TrafficCounters.OUT]).toArray();
    }

    /** Each session's counters summed over the pipelines, by session id (sessions since deleted included). */
    public Collection<SessionCounters> sessionCounters() {
        Map<String, SessionCounters> sum = new TreeMap<>();
        for (MirrorPipeline p : pipelines)
            for (SessionCounters s : p.sessionCounters())
                sum.computeIfAbsent(s.sessionId, id -> new SessionCounters(id, s.vni)).add(s);
        return sum.values();
    }
}
