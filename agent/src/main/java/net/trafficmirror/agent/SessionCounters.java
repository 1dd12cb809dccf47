package net.trafficmirror.agent;

/** The {@link TrafficCounters} of one mirror session on the source interface. */
public final class SessionCounters extends TrafficCounters {
    public final String sessionId;
    public final int vni;

    public SessionCounters(String sessionId, int vni) {
        this.sessionId = sessionId;
        this.vni = vni;
    }
}
