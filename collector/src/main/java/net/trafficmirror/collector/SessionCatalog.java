package net.trafficmirror.collector;

import java.util.HashMap;
import java.util.Map;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.MirrorState;

/**
 * A {@link SessionDirectory} whose table is replaced as a whole by whoever knows the sessions: the CloudFormation
 * config file at start, or the control-plane client on every change it sees. Thread-safe: the writer publishes an
 * immutable copy through a volatile field.
 */
public final class SessionCatalog implements SessionDirectory {
    private volatile Map<Integer, SessionLabel> table = Map.of();
    private volatile long version;

    /** Replaces the whole VNI → label table. */
    public void replace(Map<Integer, SessionLabel> newTable) {
        table = Map.copyOf(newTable);
        version++;
    }

    /** Replaces the table with the sessions of a snapshot (a config file's, or the control plane's latest). */
    public void replace(MirrorState state) {
        replace(labelsOf(state));
    }

    /**
     * VNI → label for every session of a snapshot: the session id, and as name its Name tag (how the EC2 console
     * names resources), else its description. Two sessions may share a VNI in AWS (on different sources); the
     * collector cannot tell them apart, so the first in creation order names it.
     */
    public static Map<Integer, SessionLabel> labelsOf(MirrorState state) {
        Map<Integer, SessionLabel> m = new HashMap<>();
        for (MirrorSession s : state.sessions().values()) {
            String name = s.tags().getOrDefault("Name", s.description() == null ? "" : s.description());
            m.putIfAbsent(s.vni(), new SessionLabel(s.id(), name));
        }
        return m;
    }

    @Override public SessionLabel label(int vni) {
        return table.getOrDefault(vni, SessionLabel.UNKNOWN);
    }

    @Override public long version() { return version; }
}
