package net.trafficmirror.collector;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A sink that takes only some mirror sessions, chosen by VNI or by name/session id, so each session can have its
 * own combination of sinks ({@code -w 7348185=/srv/web --flows db=flows.json}). The verdict is cached per session.
 */
public final class SessionScoped implements PacketSink {
    private final PacketSink sink;
    private final Set<Integer> vnis;
    private final Set<String> names;
    private final Map<MirrorSessionTraffic, Boolean> verdicts = new IdentityHashMap<>();

    public SessionScoped(PacketSink sink, Set<Integer> vnis, Set<String> names) {
        this.sink = sink;
        this.vnis = Set.copyOf(vnis);
        this.names = Set.copyOf(names);
    }

    @Override public void accept(TunnelDatagram d) throws IOException {
        Boolean take = verdicts.get(d.session);
        if (take == null) {
            SessionLabel l = d.session.label();
            take = vnis.contains(d.session.vni) || names.contains(l.name()) || names.contains(l.sessionId())
                    || names.contains(d.session.display());
            verdicts.put(d.session, take);
        }
        if (take) sink.accept(d);
    }

    @Override public void idle() throws IOException { sink.idle(); }

    @Override public void tick(long nowSeconds, int nowNanos) throws IOException { sink.tick(nowSeconds, nowNanos); }

    @Override public void close() throws IOException { sink.close(); }
}
