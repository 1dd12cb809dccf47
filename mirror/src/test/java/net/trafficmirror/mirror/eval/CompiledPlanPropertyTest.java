package net.trafficmirror.mirror.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.FilterRuleRequest;
import net.trafficmirror.mirror.IdGenerator;
import net.trafficmirror.mirror.MirrorFilter;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.SessionRequest;
import net.trafficmirror.mirror.TargetRequest;
import net.trafficmirror.packet.FrameSummary;

/**
 * The compiled evaluator against {@link ReferenceEvaluator} on random rule sets (1-3 sessions, up to 10 rules per
 * direction, IPv4 and IPv6, ports, amazon-dns) and random real frames decoded by {@link FrameSummary}, drawn
 * from small pools of addresses and ports so that rules match, reject and miss often.
 */
class CompiledPlanPropertyTest {
    static final String ENI = "eni-0000000000000000a";
    static final String[] V4 = {"10.0.0.1", "10.0.0.2", "10.0.1.5", "10.1.0.9", "192.168.1.1", "8.8.8.8", "169.254.169.254", "169.254.169.123", "169.254.169.253", "169.254.169.250"};
    static final String[] V6 = {"2001:db8::1", "2001:db8::2", "2001:db8:1::1", "2001:db8:0:1::5", "fd00:ec2::254", "fd00:ec2::253", "fd00:ec2::123", "fe80::1"};
    static final int[] V4_PREFIX = {0, 8, 16, 24, 31, 32}, V6_PREFIX = {0, 32, 48, 64, 127, 128};
    static final int[] PORTS = {0, 53, 67, 68, 80, 443, 546, 547, 1024, 8080, 65535};
    static final Integer[] PROTOCOLS = {null, 6, 17, 1, 58, 47};

    record Scenario(MirrorState state, EvalOptions options, String description) {
        @Override public String toString() { return description; }
    }

    record Packet(byte[] frame, Direction direction, String description) {
        @Override public String toString() { return description + " " + direction.awsName(); }
    }

    @Provide Arbitrary<Scenario> scenarios() { return Arbitraries.randomValue(CompiledPlanPropertyTest::scenario); }

    @Provide Arbitrary<List<Packet>> packets() { return Arbitraries.randomValue(CompiledPlanPropertyTest::packet).list().ofMinSize(1).ofMaxSize(40); }

    @Property(tries = 400)
    void compiledPlanDecidesAsTheReference(@ForAll("scenarios") Scenario sc, @ForAll("packets") List<Packet> packets) {
        CompiledPlan plan = PlanCompiler.compile(sc.state(), ENI, sc.options());
        for (Packet pk : packets) {
            FrameSummary f = TestFrames.decode(pk.frame());
            int expected = ReferenceEvaluator.decide(sc.state(), ENI, sc.options(), f, pk.direction());
            assertThat(plan.decide(f, pk.direction())).as("%s\n%s", pk, sc).isEqualTo(expected);
            assertThat(plan.explain(f, pk.direction()).result()).as("explain %s\n%s", pk, sc).isEqualTo(expected);
        }
    }

    static Scenario scenario(Random rnd) {
        MirrorRegistry reg = new MirrorRegistry(new Quotas(3, 20, 10, 100, 100, 100), IdGenerator.sequential(), new SplittableRandom(rnd.nextLong()));
        reg.registerNetworkInterface(new NetworkInterface(ENI, "h", "eth0", List.of(Cidr.parseAddress("10.0.0.1")), List.of(Cidr.parseAddress("2001:db8::1")),
                null, null, Cidr.parse("10.0.0.0/16"), null, Map.of()));
        reg.registerNetworkInterface(new NetworkInterface("eni-0000000000000000b", "h", "eth1", List.of(Cidr.parseAddress("10.0.0.9")), List.of(), null, null, null, null, Map.of()));
        String target = reg.createTarget(TargetRequest.networkInterface("eni-0000000000000000b")).id();
        StringBuilder desc = new StringBuilder();
        int sessions = rnd.nextInt(4);
        Set<Integer> numbers = new HashSet<>();
        for (int s = 0; s < sessions; s++) {
            MirrorFilter filter = reg.createFilter(null, null);
            if (rnd.nextInt(4) == 0) reg.modifyFilterNetworkServices(filter.id(), List.of("amazon-dns"), List.of());
            desc.append("filter ").append(filter.id()).append(filter.amazonDns() ? " amazon-dns" : "").append('\n');
            for (Direction d : Direction.values()) {
                int rules = rnd.nextInt(11);
                Set<Integer> used = new HashSet<>();
                for (int r = 0; r < rules; r++) {
                    int number = 1 + rnd.nextInt(30);
                    if (!used.add(number)) continue;
                    boolean v6 = rnd.nextInt(3) == 0;
                    String src = cidr(rnd, v6), dst = cidr(rnd, v6);
                    Integer proto = PROTOCOLS[rnd.nextInt(PROTOCOLS.length)];
                    Integer sf = null, st = null, df = null, dt = null;
                    if (proto != null && (proto == 6 || proto == 17)) {
                        if (rnd.nextBoolean()) { sf = PORTS[rnd.nextInt(PORTS.length)]; st = Math.max(sf, PORTS[rnd.nextInt(PORTS.length)]); }
                        if (rnd.nextBoolean()) { df = PORTS[rnd.nextInt(PORTS.length)]; dt = Math.max(df, PORTS[rnd.nextInt(PORTS.length)]); }
                    }
                    String action = rnd.nextInt(3) == 0 ? "reject" : "accept";
                    reg.createFilterRule(new FilterRuleRequest(filter.id(), d.awsName(), number, action, proto, src, dst, sf, st, df, dt, null, null));
                    desc.append("  ").append(d.awsName()).append(' ').append(number).append(' ').append(action).append(" proto ").append(proto)
                            .append(' ').append(src).append(':').append(sf).append('-').append(st).append(" > ").append(dst).append(':').append(df).append('-').append(dt).append('\n');
                }
            }
            int number;
            do number = 1 + rnd.nextInt(50); while (!numbers.add(number));
            reg.createSession(new SessionRequest(ENI, target, filter.id(), number, null, null, null, null));
            desc.append("session ").append(number).append(" -> ").append(filter.id()).append('\n');
        }
        EvalOptions options = switch (rnd.nextInt(4)) {
            case 0 -> new EvalOptions(null, true);
            case 1 -> new EvalOptions(List.of(Cidr.parseAddress("8.8.8.8"), Cidr.parseAddress("2001:db8::2")), false);
            default -> EvalOptions.DEFAULT;
        };
        return new Scenario(reg.state(), options, desc + options.toString());
    }

    static String cidr(Random rnd, boolean v6) {
        return v6 ? V6[rnd.nextInt(V6.length)] + "/" + V6_PREFIX[rnd.nextInt(V6_PREFIX.length)]
                : V4[rnd.nextInt(V4.length)] + "/" + V4_PREFIX[rnd.nextInt(V4_PREFIX.length)];
    }

    static Packet packet(Random rnd) {
        Direction dir = rnd.nextBoolean() ? Direction.INGRESS : Direction.EGRESS;
        if (rnd.nextInt(30) == 0) return new Packet(TestFrames.arp(), dir, "arp");
        boolean v6 = rnd.nextInt(3) == 0;
        String[] pool = v6 ? V6 : V4;
        String src = pool[rnd.nextInt(pool.length)], dst = pool[rnd.nextInt(pool.length)];
        int sp = PORTS[rnd.nextInt(PORTS.length)] + (rnd.nextInt(4) == 0 ? 1 : 0), dp = PORTS[rnd.nextInt(PORTS.length)];
        sp = Math.min(sp, 65535);
        int kind = rnd.nextInt(10);
        String d = src + "." + sp + " > " + dst + "." + dp;
        return switch (kind) {
            case 0, 1, 2 -> new Packet(TestFrames.tcp(src, sp, dst, dp), dir, "tcp " + d);
            case 3, 4, 5 -> new Packet(TestFrames.udp(src, sp, dst, dp), dir, "udp " + d);
            case 6 -> new Packet(TestFrames.icmp(src, dst), dir, "icmp " + d);
            case 7 -> new Packet(TestFrames.laterFragment(src, dst, rnd.nextBoolean() ? 6 : 17), dir, "later fragment " + d);
            case 8 -> new Packet(TestFrames.firstFragment(src, sp, dst, dp, rnd.nextBoolean() ? 6 : 17), dir, "first fragment " + d);
            default -> new Packet(TestFrames.ip(src, dst, 47, new byte[24], 0, false), dir, "gre " + d);
        };
    }
}
