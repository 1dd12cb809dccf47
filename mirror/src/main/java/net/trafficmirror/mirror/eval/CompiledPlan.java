package net.trafficmirror.mirror.eval;

import java.util.ArrayList;
import java.util.List;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.packet.FrameSummary;

/**
 * The mirror decision for one source interface, compiled by {@link PlanCompiler}. It follows issue 3's
 * "Evaluation" steps, from the TM-PDF "Filters"/"Sessions" pages and the EC2 API:
 * <ol>
 * <li>classes AWS never mirrors (ARP, DHCP, instance metadata, NTP, Windows activation) are skipped unless
 *     {@link EvalOptions#mirrorEverything()};</li>
 * <li>Amazon DNS traffic (to or from a resolver address) goes to the first session, in ascending session
 *     number, whose filter has the {@code amazon-dns} network service, whatever its rules;</li>
 * <li>otherwise sessions are asked in ascending session number; in each, the filter's rules for the direction
 *     in ascending rule number, the first matching rule deciding: accept mirrors with this session, reject or no
 *     match goes on to the next session; a packet is mirrored at most once;</li>
 * <li>a rule matches when the family, protocol (unless all), both CIDRs and any port ranges match. A packet
 *     without ports (a later IP fragment, a transport header not captured) never matches a rule that has a port
 *     range and is judged by the others (CHOICES.md "Fragments").</li>
 * </ol>
 * {@link #decide} allocates nothing; {@link #explain} walks the same tables with the same matching code and
 * reports why.
 */
public final class CompiledPlan implements InterfacePlan {
    private static final int ORDINARY = PacketClass.ORDINARY.ordinal(), AMAZON_DNS = PacketClass.AMAZON_DNS.ordinal();
    private static final long IMDS4 = 0xa9fe_a9feL, NTP4 = 0xa9fe_a97bL, WINDOWS_KMS4_A = 0xa9fe_a9faL, WINDOWS_KMS4_B = 0xa9fe_a9fbL;
    /** fd00:ec2::254 (IMDS) and fd00:ec2::123 (NTP): the Nitro IPv6 endpoints of the same services. */
    private static final long EC2_V6_HI = 0xfd00_0ec2_0000_0000L, IMDS6_LO = 0x254, NTP6_LO = 0x123;

    private final List<SessionPlan> sessions;
    private final int sessionCount;
    private final long[][] words;
    private final int[][] ends;
    private final RuleTable[] tables;
    private final boolean[] amazonDns;
    private final int[][] rulesPerDirection;
    private final long[] dns4, dns6;
    private final boolean mirrorEverything;
    private final int amazonDnsResult;

    CompiledPlan(List<SessionPlan> sessions, RuleTable[] tables, boolean[] amazonDns, int[][] rulesPerDirection,
                 long[] dns4, long[] dns6, boolean mirrorEverything) {
        this.sessions = sessions;
        this.sessionCount = sessions.size();
        this.tables = tables;
        this.words = new long[tables.length][];
        this.ends = new int[tables.length][];
        for (int i = 0; i < tables.length; i++) { words[i] = tables[i].words(); ends[i] = tables[i].ends(); }
        this.amazonDns = amazonDns;
        this.rulesPerDirection = rulesPerDirection;
        this.dns4 = dns4;
        this.dns6 = dns6;
        this.mirrorEverything = mirrorEverything;
        int first = AMAZON_DNS_NOT_ENABLED;
        for (int s = amazonDns.length - 1; s >= 0; s--) if (amazonDns[s]) first = s;
        this.amazonDnsResult = first;
    }

    static int tableIndex(Direction d, int family) { return d.ordinal() * 2 + (family == 6 ? 1 : 0); }

    @Override public List<SessionPlan> sessions() { return sessions; }

    @Override
    public int decide(FrameSummary p, Direction direction) {
        if (sessionCount == 0) return NO_SESSIONS;
        int cls = classify(p);
        if (cls != ORDINARY) return cls == AMAZON_DNS ? amazonDnsResult : NEVER_MIRRORED;
        int v = p.ipVersion;
        if (v == 0) return NOT_ACCEPTED;
        int t = tableIndex(direction, v);
        long[] w = words[t];
        int[] e = ends[t];
        int from = 0;
        for (int s = 0; s < sessionCount; s++) {
            int to = e[s];
            int r = v == 4 ? firstMatch4(w, from, to, p) : firstMatch6(w, from, to, p);
            if (r >= 0 && (w[r * (v == 4 ? RuleTable.V4_STRIDE : RuleTable.V6_STRIDE)] & RuleTable.ACCEPT) != 0) return s;
            from = to;
        }
        return NOT_ACCEPTED;
    }

    /** Why {@link #decide} decides as it does; {@code explain(p, d).result() == decide(p, d)} always. Allocates. */
    public Decision explain(FrameSummary p, Direction direction) {
        PacketClass cls = PacketClass.values()[classify(p)];
        List<SessionVerdict> verdicts = new ArrayList<>();
        if (sessionCount == 0) return new Decision(direction, NO_SESSIONS, cls, verdicts);
        if (cls.neverMirrored()) return new Decision(direction, NEVER_MIRRORED, cls, verdicts);
        int v = p.ipVersion;
        RuleTable table = v == 0 ? null : tables[tableIndex(direction, v)];
        for (int s = 0; s < sessionCount; s++) {
            SessionPlan plan = sessions.get(s);
            if (cls == PacketClass.AMAZON_DNS) {
                verdicts.add(new SessionVerdict(plan, amazonDns[s] ? SessionVerdict.Outcome.AMAZON_DNS_ENABLED : SessionVerdict.Outcome.AMAZON_DNS_NOT_ENABLED, null));
                if (amazonDns[s]) return new Decision(direction, s, cls, verdicts);
                continue;
            }
            if (rulesPerDirection[direction.ordinal()][s] == 0) {
                verdicts.add(new SessionVerdict(plan, SessionVerdict.Outcome.NO_RULES_FOR_DIRECTION, null));
                continue;
            }
            int r = table == null ? -1 : v == 4 ? firstMatch4(table.words(), table.start(s), table.ends()[s], p)
                    : firstMatch6(table.words(), table.start(s), table.ends()[s], p);
            if (r < 0) {
                verdicts.add(new SessionVerdict(plan, SessionVerdict.Outcome.NO_MATCHING_RULE, null));
                continue;
            }
            boolean accept = (table.words()[r * (v == 4 ? RuleTable.V4_STRIDE : RuleTable.V6_STRIDE)] & RuleTable.ACCEPT) != 0;
            verdicts.add(new SessionVerdict(plan, accept ? SessionVerdict.Outcome.ACCEPTED : SessionVerdict.Outcome.REJECTED, table.rules()[r]));
            if (accept) return new Decision(direction, s, cls, verdicts);
        }
        return new Decision(direction, cls == PacketClass.AMAZON_DNS ? AMAZON_DNS_NOT_ENABLED : NOT_ACCEPTED, cls, verdicts);
    }

    /** The packet's {@link PacketClass} ordinal; never-mirrored classes are reported only when AWS's limits apply. */
    private int classify(FrameSummary p) {
        if (p.etherType == FrameSummary.ETH_ARP) return mirrorEverything ? ORDINARY : PacketClass.ARP.ordinal();
        int v = p.ipVersion;
        if (v == 4) {
            long s = p.srcHi, d = p.dstHi;
            if (!mirrorEverything) {
                if (p.protocol == FrameSummary.PROTO_UDP && isDhcpPort(p.srcPort, 67, 68) && isDhcpPort(p.dstPort, 67, 68)) return PacketClass.DHCP.ordinal();
                if (s == IMDS4 || d == IMDS4) return PacketClass.INSTANCE_METADATA.ordinal();
                if (s == NTP4 || d == NTP4) return PacketClass.NTP.ordinal();
                if (s == WINDOWS_KMS4_A || d == WINDOWS_KMS4_A || s == WINDOWS_KMS4_B || d == WINDOWS_KMS4_B) return PacketClass.WINDOWS_ACTIVATION.ordinal();
            }
            for (long r : dns4) if (s == r || d == r) return AMAZON_DNS;
        } else if (v == 6) {
            if (!mirrorEverything) {
                // DHCPv6: client port 546, server/relay port 547 (RFC 8415 §7.2).
                if (p.protocol == FrameSummary.PROTO_UDP && isDhcpPort(p.srcPort, 546, 547) && isDhcpPort(p.dstPort, 546, 547)) return PacketClass.DHCP.ordinal();
                if (isEc2V6(p.srcHi, p.srcLo, IMDS6_LO) || isEc2V6(p.dstHi, p.dstLo, IMDS6_LO)) return PacketClass.INSTANCE_METADATA.ordinal();
                if (isEc2V6(p.srcHi, p.srcLo, NTP6_LO) || isEc2V6(p.dstHi, p.dstLo, NTP6_LO)) return PacketClass.NTP.ordinal();
            }
            for (int i = 0; i < dns6.length; i += 2) {
                if ((p.srcHi == dns6[i] && p.srcLo == dns6[i + 1]) || (p.dstHi == dns6[i] && p.dstLo == dns6[i + 1])) return AMAZON_DNS;
            }
        }
        return ORDINARY;
    }

    private static boolean isDhcpPort(int port, int a, int b) { return port == a || port == b; }

    private static boolean isEc2V6(long hi, long lo, long service) { return hi == EC2_V6_HI && lo == service; }

    /** Index of the first IPv4 rule in [from, to) matching the packet, or -1. */
    private static int firstMatch4(long[] w, int from, int to, FrameSummary p) {
        long proto = p.protocol, src = p.srcHi, dst = p.dstHi;
        for (int i = from; i < to; i++) {
            int o = i * RuleTable.V4_STRIDE;
            long meta = w[o];
            long rp = meta & RuleTable.PROTOCOL_MASK;
            if (rp != RuleTable.ANY_PROTOCOL && rp != proto) continue;
            long s = w[o + 1], d = w[o + 2];
            if (((src ^ (s >>> 32)) & s & 0xffff_ffffL) != 0 || ((dst ^ (d >>> 32)) & d & 0xffff_ffffL) != 0) continue;
            if (portsMatch(meta, w[o + 3], p.srcPort, p.dstPort)) return i;
        }
        return -1;
    }

    /** Index of the first IPv6 rule in [from, to) matching the packet, or -1. */
    private static int firstMatch6(long[] w, int from, int to, FrameSummary p) {
        long proto = p.protocol;
        for (int i = from; i < to; i++) {
            int o = i * RuleTable.V6_STRIDE;
            long meta = w[o];
            long rp = meta & RuleTable.PROTOCOL_MASK;
            if (rp != RuleTable.ANY_PROTOCOL && rp != proto) continue;
            if (((p.srcHi ^ w[o + 1]) & w[o + 3]) != 0 || ((p.srcLo ^ w[o + 2]) & w[o + 4]) != 0
                    || ((p.dstHi ^ w[o + 5]) & w[o + 7]) != 0 || ((p.dstLo ^ w[o + 6]) & w[o + 8]) != 0) continue;
            if (portsMatch(meta, w[o + 9], p.srcPort, p.dstPort)) return i;
        }
        return -1;
    }

    /** A missing port (-1) is below every range, so a packet without ports never matches a rule with a range. */
    private static boolean portsMatch(long meta, long ports, int sp, int dp) {
        if ((meta & RuleTable.HAS_SOURCE_PORTS) != 0 && (sp < (int) (ports >>> 48) || sp > (int) (ports >>> 32 & 0xffff))) return false;
        return (meta & RuleTable.HAS_DESTINATION_PORTS) == 0 || (dp >= (int) (ports >>> 16 & 0xffff) && dp <= (int) (ports & 0xffff));
    }
}
