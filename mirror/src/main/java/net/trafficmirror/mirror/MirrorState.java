package net.trafficmirror.mirror;

import java.net.InetAddress;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * An immutable snapshot of every mirror resource, each map in creation order. {@link MirrorRegistry} makes a new
 * one, with a version one higher, after every change; the data plane compiles plans from it.
 */
public record MirrorState(long version, SequencedMap<String, NetworkInterface> networkInterfaces,
                         SequencedMap<String, MirrorTarget> targets, SequencedMap<String, MirrorFilter> filters,
                         SequencedMap<String, MirrorSession> sessions) {
    public static final MirrorState EMPTY = new MirrorState(0, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());

    public MirrorState {
        networkInterfaces = freeze(networkInterfaces);
        targets = freeze(targets);
        filters = freeze(filters);
        sessions = freeze(sessions);
    }

    private static <V> SequencedMap<String, V> freeze(SequencedMap<String, V> m) {
        return Collections.unmodifiableSequencedMap(new LinkedHashMap<>(m));
    }

    /** The source interface's sessions in ascending session number: the order AWS evaluates them in. */
    public List<MirrorSession> sessionsOf(String networkInterfaceId) {
        return sessions.values().stream().filter(s -> s.networkInterfaceId().equals(networkInterfaceId))
                .sorted(Comparator.comparingInt(MirrorSession::sessionNumber)).toList();
    }

    public Optional<FilterRule> filterRule(String ruleId) {
        for (MirrorFilter f : filters.values()) {
            for (FilterRule r : f.ingressRules()) if (r.id().equals(ruleId)) return Optional.of(r);
            for (FilterRule r : f.egressRules()) if (r.id().equals(ruleId)) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** The interface bound to a local device name on a host (host null = any host). */
    public Optional<NetworkInterface> interfaceNamed(String host, String interfaceName) {
        return networkInterfaces.values().stream()
                .filter(n -> interfaceName.equals(n.interfaceName()) && (host == null || host.equals(n.host()))).findFirst();
    }

    /** Where a target's VXLAN goes: its explicit address, or its network interface's primary address; null if neither is known. */
    public InetAddress targetAddress(MirrorTarget t) {
        if (t.address() != null) return t.address();
        NetworkInterface eni = t.networkInterfaceId() == null ? null : networkInterfaces.get(t.networkInterfaceId());
        return eni == null ? null : eni.primaryAddress();
    }
}
