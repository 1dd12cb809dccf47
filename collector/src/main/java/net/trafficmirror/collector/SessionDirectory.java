package net.trafficmirror.collector;

import java.util.Map;

/**
 * Where VNI → session names come from. {@link SessionCatalog} holds a table that a configuration file or the
 * control plane replaces whenever it changes; the collector asks once per new VNI and again when told the table
 * changed (see {@link #version()}), so lookups never sit on the per-packet path.
 */
public interface SessionDirectory {
    /** The label for a VNI, or {@link SessionLabel#UNKNOWN}. */
    SessionLabel label(int vni);

    /** Grows whenever the table changes, so the collector re-reads labels it cached. */
    long version();

    /** A table that never changes, e.g. for tests. */
    static SessionDirectory of(Map<Integer, SessionLabel> table) {
        SessionCatalog c = new SessionCatalog();
        c.replace(table);
        return c;
    }
}
