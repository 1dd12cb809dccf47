package net.trafficmirror.mirror.eval;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.FilterRule;
import net.trafficmirror.mirror.MirrorFilter;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.PortRange;
import net.trafficmirror.mirror.RuleAction;
import net.trafficmirror.packet.FrameSummary;

/**
 * Issue 3's evaluation steps written as plainly as possible, straight from the model objects, for comparison
 * with {@link CompiledPlan}. Slow on purpose: addresses become {@link InetAddress}es and prefixes are compared
 * bit by bit.
 */
final class ReferenceEvaluator {
    private ReferenceEvaluator() {}

    static int decide(MirrorState state, String eniId, EvalOptions options, FrameSummary p, Direction dir) {
        List<MirrorSession> sessions = state.sessionsOf(eniId);
        if (sessions.isEmpty()) return InterfacePlan.NO_SESSIONS;
        InetAddress src = p.ipVersion == 0 ? null : Cidr.toAddress(p.ipVersion, p.srcHi, p.srcLo);
        InetAddress dst = p.ipVersion == 0 ? null : Cidr.toAddress(p.ipVersion, p.dstHi, p.dstLo);
        if (!options.mirrorEverything() && neverMirrored(p, src, dst)) return InterfacePlan.NEVER_MIRRORED;
        if (src != null && (resolvers(state, eniId, options).contains(src) || resolvers(state, eniId, options).contains(dst))) {
            for (int i = 0; i < sessions.size(); i++) {
                if (state.filters().get(sessions.get(i).filterId()).networkServices().contains("amazon-dns")) return i;
            }
            return InterfacePlan.AMAZON_DNS_NOT_ENABLED;
        }
        for (int i = 0; i < sessions.size(); i++) {
            MirrorFilter filter = state.filters().get(sessions.get(i).filterId());
            for (FilterRule rule : filter.rules(dir)) {
                if (matches(rule, p, src, dst)) {
                    if (rule.action() == RuleAction.ACCEPT) return i;
                    break;
                }
            }
        }
        return InterfacePlan.NOT_ACCEPTED;
    }

    static List<InetAddress> resolvers(MirrorState state, String eniId, EvalOptions options) {
        if (options.resolverAddresses() != null) return options.resolverAddresses();
        List<InetAddress> r = new ArrayList<>(List.of(Cidr.parseAddress("169.254.169.253"), Cidr.parseAddress("fd00:ec2::253")));
        NetworkInterface eni = state.networkInterfaces().get(eniId);
        if (eni.vpcCidr() != null) {
            byte[] base = Cidr.toAddress(eni.vpcCidr().family(), eni.vpcCidr().hi(), eni.vpcCidr().lo()).getAddress();
            base[base.length - 1] += 2;
            r.add(addr(base));
        }
        return r;
    }

    static boolean neverMirrored(FrameSummary p, InetAddress src, InetAddress dst) {
        if (p.etherType == 0x0806) return true;
        if (src == null) return false;
        List<Integer> dhcp = p.ipVersion == 4 ? List.of(67, 68) : List.of(546, 547);
        if (p.protocol == 17 && dhcp.contains(p.srcPort) && dhcp.contains(p.dstPort)) return true;
        for (String special : List.of("169.254.169.254", "169.254.169.123", "169.254.169.250", "169.254.169.251", "fd00:ec2::254", "fd00:ec2::123")) {
            InetAddress a = Cidr.parseAddress(special);
            if (a.equals(src) || a.equals(dst)) return true;
        }
        return false;
    }

    static boolean matches(FilterRule rule, FrameSummary p, InetAddress src, InetAddress dst) {
        if (src == null || rule.sourceCidr().family() != p.ipVersion) return false;
        if (rule.protocol() != null && rule.protocol() != p.protocol) return false;
        if (!inBlock(rule.sourceCidr(), src) || !inBlock(rule.destinationCidr(), dst)) return false;
        return inRange(rule.sourcePortRange(), p.srcPort) && inRange(rule.destinationPortRange(), p.dstPort);
    }

    private static boolean inRange(PortRange range, int port) {
        return range == null || (port >= 0 && port >= range.fromPort() && port <= range.toPort());
    }

    private static boolean inBlock(Cidr block, InetAddress a) {
        byte[] net = Cidr.toAddress(block.family(), block.hi(), block.lo()).getAddress();
        byte[] b = a.getAddress();
        if (b.length != net.length) return false;
        for (int bit = 0; bit < block.prefixLength(); bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((b[bit / 8] & mask) != (net[bit / 8] & mask)) return false;
        }
        return true;
    }

    private static InetAddress addr(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
