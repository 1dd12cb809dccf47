package net.trafficmirror.collector;

import java.util.Map;

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

    @Override public SessionLabel label(int vni) {
        return table.getOrDefault(vni, SessionLabel.UNKNOWN);
    }

    @Override public long version() { return version; }
}
