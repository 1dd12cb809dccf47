package net.trafficmirror.mirror.eval;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.FilterRule;
import net.trafficmirror.mirror.MirrorFilter;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.MirrorTarget;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.RuleAction;

/**
 * Turns one source interface's sessions, filters and targets in a {@link MirrorState} into a {@link CompiledPlan}:
 * flat {@code long[]} rule tables per direction, address family and protocol class (TCP, UDP, ICMP, other), sessions in ascending session number and each
 * filter's rules in ascending rule number (TM-PDF "Filters" and "Sessions"), so that deciding a packet is a scan
 * over arrays with no allocation and no virtual calls. A plan is immutable; recompile when the state changes.
 */
public final class PlanCompiler {
    /** Amazon-provided DNS at the link-local addresses (IPv4, and IPv6 on Nitro), besides VPC base + 2. */
    public static final List<InetAddress> LINK_LOCAL_RESOLVERS = List.of(Cidr.parseAddress("169.254.169.253"), Cidr.parseAddress("fd00:ec2::253"));

    private PlanCompiler() {}

    public static CompiledPlan compile(MirrorState state, String networkInterfaceId, EvalOptions options) {
        List<MirrorSession> sessions = state.sessionsOf(networkInterfaceId);
        List<SessionPlan> plans = new ArrayList<>();
        List<MirrorFilter> filters = new ArrayList<>();
        for (MirrorSession s : sessions) {
            MirrorTarget t = state.targets().get(s.targetId());
            InetAddress address = t == null ? null : state.targetAddress(t);
            plans.add(new SessionPlan(s.id(), s.sessionNumber(), s.vni(), s.packetLength() == null ? 0 : s.packetLength(),
                    s.targetId(), address, t == null ? 0 : t.port(), t == null ? 0 : t.mtu()));
            filters.add(state.filters().get(s.filterId()));
        }
        List<InetAddress> resolvers = options.resolverAddresses();
        if (resolvers == null) {
            resolvers = new ArrayList<>();
            NetworkInterface eni = state.networkInterfaces().get(networkInterfaceId);
            if (eni != null && eni.vpcCidr() != null) resolvers.add(eni.vpcCidr().addressPlus(2));
            resolvers.addAll(LINK_LOCAL_RESOLVERS);
        }
        RuleTable[] tables = new RuleTable[2 * 2 * CompiledPlan.PROTOCOL_CLASSES];
        for (Direction d : Direction.values()) {
            for (int family : new int[] {4, 6}) {
                for (int cls = 0; cls < CompiledPlan.PROTOCOL_CLASSES; cls++) tables[CompiledPlan.tableIndex(d, family, cls)] = table(filters, d, family, cls);
            }
        }
        boolean[] amazonDns = new boolean[filters.size()];
        int[][] rulesPerDirection = new int[2][filters.size()];
        for (int i = 0; i < filters.size(); i++) {
            MirrorFilter f = filters.get(i);
            amazonDns[i] = f != null && f.amazonDns();
            for (Direction d : Direction.values()) rulesPerDirection[d.ordinal()][i] = f == null ? 0 : f.rules(d).size();
        }
        List<long[]> v4 = new ArrayList<>(), v6 = new ArrayList<>();
        for (InetAddress a : resolvers) (a instanceof Inet4Address ? v4 : v6).add(Cidr.words(a));
        long[] dns4 = v4.stream().mapToLong(w -> w[0]).toArray();
        long[] dns6 = new long[v6.size() * 2];
        for (int i = 0; i < v6.size(); i++) { dns6[2 * i] = v6.get(i)[0]; dns6[2 * i + 1] = v6.get(i)[1]; }
        return new CompiledPlan(List.copyOf(plans), tables, amazonDns, rulesPerDirection, dns4, dns6, options.mirrorEverything());
    }

    /**
     * One direction's rules of one family and protocol class, session after session: rules of the other family,
     * or for a protocol of another class, cannot match such a packet and are left out.
     */
    private static RuleTable table(List<MirrorFilter> filters, Direction d, int family, int protocolClass) {
        int stride = family == 4 ? RuleTable.V4_STRIDE : RuleTable.V6_STRIDE;
        List<FilterRule> rules = new ArrayList<>();
        int[] ends = new int[filters.size()];
        for (int s = 0; s < filters.size(); s++) {
            MirrorFilter f = filters.get(s);
            if (f == null) { ends[s] = rules.size(); continue; }
            for (FilterRule r : f.rules(d)) {
                if (r.sourceCidr().family() == family && (r.protocol() == null || CompiledPlan.protocolClass(r.protocol()) == protocolClass)) rules.add(r);
            }
            ends[s] = rules.size();
        }
        long[] words = new long[rules.size() * stride];
        int session = 0;
        for (int i = 0; i < rules.size(); i++) {
            FilterRule r = rules.get(i);
            while (i >= ends[session]) session++;
            int o = i * stride;
            // In the TCP and UDP tables every rule's protocol is the packet's or any: no need to compare it.
            long meta = r.protocol() == null || protocolClass < 2 ? RuleTable.ANY_PROTOCOL : r.protocol();
            if (r.sourcePortRange() != null) meta |= RuleTable.HAS_SOURCE_PORTS;
            if (r.destinationPortRange() != null) meta |= RuleTable.HAS_DESTINATION_PORTS;
            if (r.action() == RuleAction.ACCEPT) meta |= RuleTable.ACCEPT;
            meta |= (long) session << RuleTable.SESSION_SHIFT;
            words[o] = meta;
            long ports = 0;
            if (r.sourcePortRange() != null) ports |= (long) r.sourcePortRange().fromPort() << 48 | (long) r.sourcePortRange().toPort() << 32;
            if (r.destinationPortRange() != null) ports |= (long) r.destinationPortRange().fromPort() << 16 | r.destinationPortRange().toPort();
            Cidr src = r.sourceCidr(), dst = r.destinationCidr();
            if (family == 4) {
                words[o + 1] = src.hi() << 32 | dst.hi();
                words[o + 2] = src.maskHi() << 32 | dst.maskHi();
                words[o + 3] = ports;
            } else {
                words[o + 1] = src.hi(); words[o + 2] = src.lo(); words[o + 3] = src.maskHi(); words[o + 4] = src.maskLo();
                words[o + 5] = dst.hi(); words[o + 6] = dst.lo(); words[o + 7] = dst.maskHi(); words[o + 8] = dst.maskLo();
                words[o + 9] = ports;
            }
        }
        return new RuleTable(words, ends, rules.toArray(FilterRule[]::new));
    }
}
