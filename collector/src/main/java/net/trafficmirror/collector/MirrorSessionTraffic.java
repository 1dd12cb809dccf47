package net.trafficmirror.collector;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One VNI's traffic as seen by the collector: its label and counters.
 */
public final class MirrorSessionTraffic {
    public final int vni;
    SessionLabel label;
    /** Stable for the collector's lifetime: file names and metric tags must not change under a renamed session. */
    final String display;
    public long packets, bytes, truncated;

    MirrorSessionTraffic(int vni, SessionLabel label) {
        this.vni = vni;
        this.label = label;
        this.display = label.display(vni);
    }

    public SessionLabel label() { return label; }

    /** The name used in file names and status lines. */
    public String display() { return display; }

    void bind(MeterRegistry registry) {
        String id = label.sessionId();
        FunctionCounter.builder("tmirror.collector.session.packets", this, s -> s.packets)
                .description("Inner frames per mirror session").tag("vni", Integer.toString(vni))
                .tag("session", id).tag("name", display).register(registry);
        FunctionCounter.builder("tmirror.collector.session.bytes", this, s -> s.bytes)
                .description("Inner frame bytes (as sent by the source) per mirror session").tag("vni", Integer.toString(vni))
                .tag("session", id).tag("name", display).register(registry);
    }
}
