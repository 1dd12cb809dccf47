package net.trafficmirror.mirror.explain;

import java.net.InetAddress;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.eval.CompiledPlan;
import net.trafficmirror.mirror.eval.EvalOptions;
import net.trafficmirror.mirror.eval.PlanCompiler;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.print.PrintOptions;
import net.trafficmirror.packet.print.TcpdumpPrinter;
import net.trafficmirror.packet.print.TextSink;

/**
 * Explains, packet by packet, what the compiled plan of one source interface decides for a capture taken on that
 * interface. The direction comes from the interface's MAC for Ethernet frames (source MAC ours: egress;
 * destination ours, broadcast or multicast: ingress), otherwise from its addresses (IP source ours: egress;
 * destination ours, broadcast or multicast: ingress; for ARP the sender and target protocol addresses), unless
 * a direction is forced. Not thread-safe (one printer and one flyweight).
 */
public final class CaptureExplainer {
    private final NetworkInterface eni;
    private final CompiledPlan plan;
    private final Direction forced;
    private final byte[] mac;
    private final FrameSummary summary = new FrameSummary();
    private final TcpdumpPrinter printer;
    private final TextSink text = new TextSink();
    private long number;

    /** @param forced the direction of every packet, or null to find it per packet */
    public CaptureExplainer(MirrorState state, NetworkInterface eni, EvalOptions options, Direction forced) {
        this.eni = eni;
        this.plan = PlanCompiler.compile(state, eni.id(), options);
        this.forced = forced;
        this.mac = eni.macAddress() == null ? null : parseMac(eni.macAddress());
        PrintOptions print = new PrintOptions();
        print.names = PrintOptions.Names.NUMERIC;
        print.timestampMode = 1;
        this.printer = new TcpdumpPrinter(print);
    }

    /** The IP version of the last packet explained (for {@link PacketExplanation#text}). */
    public int lastIpVersion() { return summary.ipVersion; }

    public PacketExplanation explain(byte[] b, int off, int caplen, int wirelen, int linkType) {
        number++;
        summary.decode(b, off, caplen, wirelen, linkType);
        text.reset();
        printer.print(0, 0, b, off, caplen, wirelen, linkType, text);
        String line = text.toString().strip().replace('\n', ' ');
        Direction d = forced != null ? forced : direction(b, off, caplen, linkType);
        return new PacketExplanation(number, d, d == null ? null : plan.explain(summary, d), ethernetLength(wirelen, linkType), line);
    }

    /** The frame's length as the Ethernet frame VXLAN carries (RFC 7348 §5): other link headers become 14 bytes. */
    static int ethernetLength(int wirelen, int linkType) {
        return switch (linkType) {
            case LinkType.LINUX_SLL -> wirelen - 16 + 14;
            case LinkType.LINUX_SLL2 -> wirelen - 20 + 14;
            case LinkType.NULL -> wirelen - 4 + 14;
            case LinkType.RAW, LinkType.IPV4, LinkType.IPV6 -> wirelen + 14;
            default -> wirelen;
        };
    }

    private Direction direction(byte[] b, int off, int caplen, int linkType) {
        if (linkType == LinkType.ETHERNET && mac != null && caplen >= 12) {
            if (same(b, off + 6, mac)) return Direction.EGRESS;
            if (same(b, off, mac) || (b[off] & 1) != 0) return Direction.INGRESS;
        }
        int v = summary.ipVersion;
        if (v != 0) {
            if (ours(v, summary.srcHi, summary.srcLo)) return Direction.EGRESS;
            if (ours(v, summary.dstHi, summary.dstLo) || groupAddress(v, summary.dstHi)) return Direction.INGRESS;
            return null;
        }
        int l3 = linkType == LinkType.ETHERNET ? 14 : linkType == LinkType.LINUX_SLL ? 16 : linkType == LinkType.LINUX_SLL2 ? 20 : -1;
        if (summary.isArp() && l3 > 0 && caplen >= l3 + 28 && b[off + l3 + 4] == 6 && b[off + l3 + 5] == 4) {
            long sender = u32(b, off + l3 + 14), target = u32(b, off + l3 + 24);
            if (ours(4, sender, 0)) return Direction.EGRESS;
            if (ours(4, target, 0)) return Direction.INGRESS;
        }
        return null;
    }

    private boolean ours(int family, long hi, long lo) {
        for (InetAddress a : family == 4 ? eni.ipv4Addresses() : eni.ipv6Addresses()) {
            long[] w = Cidr.words(a);
            if (w[0] == hi && w[1] == lo) return true;
        }
        return false;
    }

    /** IPv4 broadcast 255.255.255.255 or multicast 224/4, or IPv6 multicast ff00::/8. */
    private static boolean groupAddress(int family, long hi) {
        return family == 4 ? hi == 0xffff_ffffL || (hi >>> 28) == 0xe : (hi >>> 56) == 0xff;
    }

    private static boolean same(byte[] b, int at, byte[] mac) {
        for (int i = 0; i < 6; i++) if (b[at + i] != mac[i]) return false;
        return true;
    }

    private static long u32(byte[] b, int i) {
        return (b[i] & 0xffL) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    private static byte[] parseMac(String m) {
        String[] p = m.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) Integer.parseInt(p[i], 16);
        return b;
    }
}
