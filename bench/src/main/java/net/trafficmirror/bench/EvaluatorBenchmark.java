package net.trafficmirror.bench;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.FilterRuleRequest;
import net.trafficmirror.mirror.IdGenerator;
import net.trafficmirror.mirror.MirrorFilter;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.SessionRequest;
import net.trafficmirror.mirror.TargetRequest;
import net.trafficmirror.mirror.eval.EvalOptions;
import net.trafficmirror.mirror.eval.InterfacePlan;
import net.trafficmirror.mirror.eval.PlanCompiler;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The compiled mirror evaluator ({@link InterfacePlan#decide}) on an interface with 3 sessions × 10 rules per
 * direction (half IPv4, half IPv6: HTTP to one appliance, other TCP to a second, UDP/ICMP to a third) and 64
 * decoded packets of mixed IPv4/IPv6 TCP/UDP/ICMP traffic in both directions, so that packets are decided by
 * rules at every depth of the three filters. Issue 3's target: median ≤ 25 ns per packet, 0 B/op with
 * {@code -prof gc}.
 *
 * <pre>java -jar bench/target/benchmarks.jar EvaluatorBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvaluatorBenchmark {
    static final int PACKETS = 64;
    static final String ENI = "eni-0000000000000000a";

    /** Per session: the same ten rules in each direction ("action protocol source destination srcPorts dstPorts"). */
    static final String[][] FILTERS = {
            {"reject all 10.0.0.0/16 10.0.0.0/16 - -", "reject all 2001:db8:10::/48 2001:db8:10::/48 - -",
                    "accept 6 0.0.0.0/0 0.0.0.0/0 - 80", "accept 6 ::/0 ::/0 - 80", "accept 6 0.0.0.0/0 0.0.0.0/0 80 -",
                    "accept 6 ::/0 ::/0 80 -", "accept 6 0.0.0.0/0 0.0.0.0/0 - 8080", "accept 6 ::/0 ::/0 - 8080",
                    "reject 17 0.0.0.0/0 0.0.0.0/0 - -", "reject 17 ::/0 ::/0 - -"},
            {"reject 6 0.0.0.0/0 0.0.0.0/0 - 22", "reject 6 ::/0 ::/0 - 22", "reject 6 0.0.0.0/0 0.0.0.0/0 22 -",
                    "reject 6 ::/0 ::/0 22 -", "accept 6 10.0.0.0/8 0.0.0.0/0 - -", "accept 6 2001:db8::/32 ::/0 - -",
                    "accept 6 0.0.0.0/0 10.0.0.0/8 - -", "accept 6 ::/0 2001:db8::/32 - -",
                    "accept 6 192.168.0.0/16 0.0.0.0/0 - -", "accept 6 fd00::/8 ::/0 - -"},
            {"reject 1 0.0.0.0/0 0.0.0.0/0 - -", "reject 58 ::/0 ::/0 - -", "accept 17 0.0.0.0/0 0.0.0.0/0 - 53",
                    "accept 17 ::/0 ::/0 - 53", "accept 17 0.0.0.0/0 0.0.0.0/0 53 -", "accept 17 ::/0 ::/0 53 -",
                    "accept 17 0.0.0.0/0 0.0.0.0/0 - 1024-65535", "accept 17 ::/0 ::/0 - 1024-65535",
                    "accept all 0.0.0.0/0 0.0.0.0/0 - -", "accept all ::/0 ::/0 - -"}};

    static final String[] LOCAL = {"10.0.0.10", "2001:db8:10::10"};
    static final String[][] REMOTE = {{"93.184.216.34", "10.0.5.5", "192.168.1.7", "172.16.0.9"},
            {"2606:4700::1111", "2001:db8:10::55", "2001:db8:99::1", "fd12::7"}};
    static final int[] PORTS = {80, 443, 22, 53, 8080, 33962, 5000, 123};

    InterfacePlan plan;
    byte[][] frames;
    FrameSummary[] packets;
    Direction[] directions;

    @Setup
    public void setup() {
        MirrorRegistry reg = new MirrorRegistry(new Quotas(3, 20, 10, 10_000, 10_000, 10_000), IdGenerator.sequential(), new SplittableRandom(1));
        reg.registerNetworkInterface(new NetworkInterface(ENI, "bench", "eth0", List.of(addr(LOCAL[0])), List.of(addr(LOCAL[1])),
                null, null, Cidr.parse("10.0.0.0/16"), null, Map.of()));
        reg.registerNetworkInterface(new NetworkInterface("eni-0000000000000000b", "bench", "eth1", List.of(addr("10.0.0.20")), List.of(), null, null, null, null, Map.of()));
        String target = reg.createTarget(TargetRequest.networkInterface("eni-0000000000000000b")).id();
        for (int s = 0; s < FILTERS.length; s++) {
            MirrorFilter f = reg.createFilter(null, null);
            for (Direction d : Direction.values()) {
                for (int i = 0; i < FILTERS[s].length; i++) {
                    String[] p = FILTERS[s][i].split(" ");
                    int[] sp = ports(p[4]), dp = ports(p[5]);
                    reg.createFilterRule(new FilterRuleRequest(f.id(), d.awsName(), 10 * (i + 1), p[0], p[1].equals("all") ? null : Integer.valueOf(p[1]),
                            p[2], p[3], box(sp[0]), box(sp[1]), box(dp[0]), box(dp[1]), null, null));
                }
            }
            reg.createSession(new SessionRequest(ENI, target, f.id(), s + 1, null, null, null, null));
        }
        plan = PlanCompiler.compile(reg.state(), ENI, EvalOptions.DEFAULT);

        Random rnd = new Random(42);
        frames = new byte[PACKETS][];
        packets = new FrameSummary[PACKETS];
        directions = new Direction[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            int family = i % 2;
            String remote = REMOTE[family][rnd.nextInt(REMOTE[family].length)];
            boolean egress = rnd.nextBoolean();
            int kind = rnd.nextInt(10); // 6 TCP, 3 UDP, 1 ICMP
            int protocol = kind < 6 ? 6 : kind < 9 ? 17 : family == 0 ? 1 : 58;
            int localPort = 32768 + rnd.nextInt(20000), remotePort = PORTS[rnd.nextInt(PORTS.length)];
            byte[] frame = egress ? frame(LOCAL[family], localPort, remote, remotePort, protocol) : frame(remote, remotePort, LOCAL[family], localPort, protocol);
            frames[i] = frame;
            packets[i] = new FrameSummary().decode(frame, 0, frame.length, frame.length, LinkType.ETHERNET);
            directions[i] = egress ? Direction.EGRESS : Direction.INGRESS;
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public int decide() {
        int sum = 0;
        for (int i = 0; i < PACKETS; i++) sum += plan.decide(packets[i], directions[i]);
        return sum;
    }

    private static int[] ports(String s) {
        if (s.equals("-")) return new int[] {-1, -1};
        String[] p = s.split("-");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[p.length - 1])};
    }

    private static Integer box(int v) { return v < 0 ? null : v; }

    private static InetAddress addr(String s) { return Cidr.parseAddress(s); }

    /** An Ethernet frame with an IPv4 or IPv6 header and a TCP/UDP header or an ICMP echo (RFC 791, 8200, 793, 768, 792). */
    static byte[] frame(String src, int sp, String dst, int dp, int protocol) {
        byte[] s = addr(src).getAddress(), d = addr(dst).getAddress();
        int l4 = protocol == 6 ? 20 : 8;
        boolean v6 = s.length == 16;
        int l3 = v6 ? 40 : 20;
        byte[] f = new byte[14 + l3 + l4];
        f[12] = (byte) (v6 ? 0x86 : 0x08);
        f[13] = (byte) (v6 ? 0xdd : 0x00);
        int p = 14;
        if (v6) {
            f[p] = 0x60; f[p + 5] = (byte) l4; f[p + 6] = (byte) protocol; f[p + 7] = 64;
            System.arraycopy(s, 0, f, p + 8, 16);
            System.arraycopy(d, 0, f, p + 24, 16);
        } else {
            f[p] = 0x45; f[p + 3] = (byte) (l3 + l4); f[p + 8] = 64; f[p + 9] = (byte) protocol;
            System.arraycopy(s, 0, f, p + 12, 4);
            System.arraycopy(d, 0, f, p + 16, 4);
        }
        p += l3;
        if (protocol == 6 || protocol == 17) {
            f[p] = (byte) (sp >> 8); f[p + 1] = (byte) sp; f[p + 2] = (byte) (dp >> 8); f[p + 3] = (byte) dp;
            if (protocol == 6) { f[p + 12] = 0x50; f[p + 13] = 0x10; } else f[p + 5] = 8;
        } else {
            f[p] = (byte) (protocol == 1 ? 8 : 128);
        }
        return f;
    }
}
