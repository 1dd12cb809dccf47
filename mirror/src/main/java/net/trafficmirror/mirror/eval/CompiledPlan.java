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
    private final long specialAddresses;

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
        this.specialAddresses = specialAddresses(dns4, dns6, mirrorEverything);
    }

    /** Rule tables are split by the packet's protocol: TCP, UDP, ICMP/ICMPv6, anything else. */
    static final int PROTOCOL_CLASSES = 4;

    static int protocolClass(int protocol) {
        return protocol == FrameSummary.PROTO_TCP ? 0 : protocol == FrameSummary.PROTO_UDP ? 1
                : protocol == FrameSummary.PROTO_ICMP || protocol == FrameSummary.PROTO_ICMPV6 ? 2 : 3;
    }

    static int tableIndex(Direction d, int family, int protocolClass) {
        return (d.ordinal() * 2 + (family == 6 ? 1 : 0)) * PROTOCOL_CLASSES + protocolClass;
    }

    @Override public List<SessionPlan> sessions() { return sessions; }

    @Override
    public int decide(FrameSummary p, Direction direction) {
        if (sessionCount == 0) return NO_SESSIONS;
        int cls = classify(p);
        if (cls != ORDINARY) return cls == AMAZON_DNS ? amazonDnsResult : NEVER_MIRRORED;
        int v = p.ipVersion;
        if (v == 0) return NOT_ACCEPTED;
        int t = tableIndex(direction, v, protocolClass(p.protocol));
        long[] w = words[t];
        int[] e = ends[t];
        int end = e[sessionCount - 1];
        // One scan over all sessions' rules: a reject skips the rest of its session (its filter has decided).
        for (int from = 0; ; ) {
            int r = v == 4 ? firstMatch4(w, from, end, p) : firstMatch6(w, from, end, p);
            if (r < 0) return NOT_ACCEPTED;
            long meta = w[r * (v == 4 ? RuleTable.V4_STRIDE : RuleTable.V6_STRIDE)];
            int s = (int) (meta >>> RuleTable.SESSION_SHIFT);
            if ((meta & RuleTable.ACCEPT) != 0) return s;
            from = e[s];
        }
    }

    /** Why {@link #decide} decides as it does; {@code explain(p, d).result() == decide(p, d)} always. Allocates. */
    public Decision explain(FrameSummary p, Direction direction) {
        PacketClass cls = PacketClass.values()[classify(p)];
        List<SessionVerdict> verdicts = new ArrayList<>();
        if (sessionCount == 0) return new Decision(direction, NO_SESSIONS, cls, verdicts);
        if (cls.neverMirrored()) return new Decision(direction, NEVER_MIRRORED, cls, verdicts);
        int v = p.ipVersion;
        RuleTable table = v == 0 ? null : tables[tableIndex(direction, v, protocolClass(p.protocol))];
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
        if (v == 0) return ORDINARY;
        // DHCP: UDP 67/68, DHCPv6: UDP 546/547 (RFC 2131 §4.1, RFC 8415 §7.2), client or server or relay on both ends.
        if (!mirrorEverything && p.protocol == FrameSummary.PROTO_UDP
                && (v == 4 ? isDhcpPort(p.srcPort, 67, 68) && isDhcpPort(p.dstPort, 67, 68) : isDhcpPort(p.srcPort, 546, 547) && isDhcpPort(p.dstPort, 546, 547)))
            return PacketClass.DHCP.ordinal();
        // Most packets touch no special address: one look at a 64-bit filter of them decides that cheaply.
        long s = addressKey(v, p.srcHi, p.srcLo), d = addressKey(v, p.dstHi, p.dstLo);
        if (((specialAddresses >>> filterBit(s) | specialAddresses >>> filterBit(d)) & 1) == 0) return ORDINARY;
        if (v == 4) {
            s = p.srcHi;
            d = p.dstHi;
            if (!mirrorEverything) {
                if (s == IMDS4 || d == IMDS4) return PacketClass.INSTANCE_METADATA.ordinal();
                if (s == NTP4 || d == NTP4) return PacketClass.NTP.ordinal();
                if (s == WINDOWS_KMS4_A || d == WINDOWS_KMS4_A || s == WINDOWS_KMS4_B || d == WINDOWS_KMS4_B) return PacketClass.WINDOWS_ACTIVATION.ordinal();
            }
            for (long r : dns4) if (s == r || d == r) return AMAZON_DNS;
        } else {
            if (!mirrorEverything) {
                if (isEc2V6(p.srcHi, p.srcLo, IMDS6_LO) || isEc2V6(p.dstHi, p.dstLo, IMDS6_LO)) return PacketClass.INSTANCE_METADATA.ordinal();
                if (isEc2V6(p.srcHi, p.srcLo, NTP6_LO) || isEc2V6(p.dstHi, p.dstLo, NTP6_LO)) return PacketClass.NTP.ordinal();
            }
            for (int i = 0; i < dns6.length; i += 2) {
                if ((p.srcHi == dns6[i] && p.srcLo == dns6[i + 1]) || (p.dstHi == dns6[i] && p.dstLo == dns6[i + 1])) return AMAZON_DNS;
            }
        }
        return ORDINARY;
    }

    private static long addressKey(int family, long hi, long lo) { return family == 4 ? hi : hi ^ lo; }

    /** Fibonacci hashing to one of 64 bits. */
    private static int filterBit(long key) { return (int) ((key * 0x9e37_79b9_7f4a_7c15L) >>> 58); }

    /** The filter of every address {@link #classify} looks for: resolvers, and the never-mirrored services unless mirroring everything. */
    private static long specialAddresses(long[] dns4, long[] dns6, boolean mirrorEverything) {
        long f = 0;
        for (long a : dns4) f |= 1L << filterBit(addressKey(4, a, 0));
        for (int i = 0; i < dns6.length; i += 2) f |= 1L << filterBit(addressKey(6, dns6[i], dns6[i + 1]));
        if (!mirrorEverything) {
            for (long a : new long[] {IMDS4, NTP4, WINDOWS_KMS4_A, WINDOWS_KMS4_B}) f |= 1L << filterBit(addressKey(4, a, 0));
            for (long lo : new long[] {IMDS6_LO, NTP6_LO}) f |= 1L << filterBit(addressKey(6, EC2_V6_HI, lo));
        }
        return f;
    }

    private static boolean isDhcpPort(int port, int a, int b) { return port == a || port == b; }

    private static boolean isEc2V6(long hi, long lo, long service) { return hi == EC2_V6_HI && lo == service; }

    /** Index of the first IPv4 rule in [from, to) matching the packet, or -1. */
    private static int firstMatch4(long[] w, int from, int to, FrameSummary p) {
        long proto = p.protocol, addresses = p.srcHi << 32 | p.dstHi;
        for (int i = from; i < to; i++) {
            int o = i * RuleTable.V4_STRIDE;
            long meta = w[o];
            long rp = meta & RuleTable.PROTOCOL_MASK;
            if (rp != RuleTable.ANY_PROTOCOL && rp != proto) continue;
            if (((addresses ^ w[o + 1]) & w[o + 2]) != 0) continue;
            if (portsMatch(meta, w[o + 3], p.srcPort, p.dstPort)) return i;
        }
        return -1;
    }

    /** Index of the first IPv6 rule in [from, to) matching the packet, or -1. */
    private static int firstMatch6(long[] w, int from, int to, FrameSummary p) {
        long proto = p.protocol, srcHi = p.srcHi, srcLo = p.srcLo, dstHi = p.dstHi, dstLo = p.dstLo;
        for (int i = from; i < to; i++) {
            int o = i * RuleTable.V6_STRIDE;
            long meta = w[o];
            long rp = meta & RuleTable.PROTOCOL_MASK;
            if (rp != RuleTable.ANY_PROTOCOL && rp != proto) continue;
            if (((srcHi ^ w[o + 1]) & w[o + 3] | (srcLo ^ w[o + 2]) & w[o + 4] | (dstHi ^ w[o + 5]) & w[o + 7] | (dstLo ^ w[o + 6]) & w[o + 8]) != 0) continue;
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
