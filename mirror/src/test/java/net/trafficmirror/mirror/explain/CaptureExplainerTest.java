package net.trafficmirror.mirror.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
import net.trafficmirror.packet.LinkType;
import org.junit.jupiter.api.Test;

/** How explain finds a packet's direction (MAC, addresses, group addresses, ARP) and what it reports. */
class CaptureExplainerTest {
    static final String ENI = "eni-0000000000000000a", MAC = "02:00:0a:64:00:df";
    static final byte[] OURS = {10, 100, 0, (byte) 223}, THEIRS = {93, (byte) 184, (byte) 216, 34};

    final MirrorRegistry registry = new MirrorRegistry(Quotas.AWS, IdGenerator.sequential(), new SplittableRandom(1));

    CaptureExplainer explainer(String mac) {
        registry.registerNetworkInterface(new NetworkInterface(ENI, "h", "eth0", List.of(Cidr.parseAddress("10.100.0.223")), List.of(), mac, null, null, null, Map.of()));
        registry.registerNetworkInterface(new NetworkInterface("eni-0000000000000000b", "t", "eth0", List.of(Cidr.parseAddress("10.100.0.177")), List.of(), null, null, null, null, Map.of()));
        String target = registry.createTarget(TargetRequest.networkInterface("eni-0000000000000000b")).id();
        MirrorFilter f = registry.createFilter(null, null);
        registry.createFilterRule(new FilterRuleRequest(f.id(), "ingress", 10, "accept", 6, "0.0.0.0/0", "0.0.0.0/0", null, null, null, null, null, null));
        registry.createFilterRule(new FilterRuleRequest(f.id(), "egress", 10, "accept", 17, "0.0.0.0/0", "0.0.0.0/0", null, null, null, null, null, null));
        registry.createSession(new SessionRequest(ENI, target, f.id(), 1, 42, 100, null, null));
        return new CaptureExplainer(registry.state(), registry.state().networkInterfaces().get(ENI), EvalOptions.DEFAULT, null);
    }

    static byte[] ethernet(String dstMac, String srcMac, byte[] src, byte[] dst, int proto, int payload) {
        byte[] f = new byte[14 + 20 + 8 + payload];
        put(f, 0, dstMac);
        put(f, 6, srcMac);
        f[12] = 0x08;
        f[14] = 0x45; f[22] = 64; f[23] = (byte) proto;
        System.arraycopy(src, 0, f, 26, 4);
        System.arraycopy(dst, 0, f, 30, 4);
        f[35] = 1; f[37] = 2;
        return f;
    }

    static void put(byte[] f, int at, String mac) {
        String[] p = mac.split(":");
        for (int i = 0; i < 6; i++) f[at + i] = (byte) Integer.parseInt(p[i], 16);
    }

    PacketExplanation explain(CaptureExplainer e, byte[] f) { return e.explain(f, 0, f.length, f.length, LinkType.ETHERNET); }

    @Test void theMacDecidesForEthernet() {
        CaptureExplainer e = explainer(MAC);
        // Our MAC as source is egress even when the IP addresses say nothing (e.g. forwarded traffic).
        PacketExplanation out = explain(e, ethernet("02:00:00:00:00:01", MAC, THEIRS, THEIRS, 17, 100));
        assertThat(out.direction()).isEqualTo(Direction.EGRESS);
        assertThat(out.mirrored()).isTrue();
        assertThat(out.text(4)).startsWith("1 egress mirrored session 1 tms-00000000000000001 rule 10 tmfr-00000000000000002 vni 42 length 100/142 | ");
        PacketExplanation in = explain(e, ethernet(MAC, "02:00:00:00:00:01", THEIRS, THEIRS, 6, 0));
        assertThat(in.direction()).isEqualTo(Direction.INGRESS);
        assertThat(explain(e, ethernet("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:01", THEIRS, THEIRS, 6, 0)).direction()).isEqualTo(Direction.INGRESS);
    }

    @Test void addressesDecideWithoutAMac() {
        CaptureExplainer e = explainer(null);
        assertThat(explain(e, ethernet("02:00:00:00:00:01", "02:00:00:00:00:02", OURS, THEIRS, 6, 0)).direction()).isEqualTo(Direction.EGRESS);
        assertThat(explain(e, ethernet("02:00:00:00:00:01", "02:00:00:00:00:02", THEIRS, OURS, 6, 0)).direction()).isEqualTo(Direction.INGRESS);
        assertThat(explain(e, ethernet("01:00:5e:00:00:fb", "02:00:00:00:00:02", THEIRS, new byte[] {(byte) 224, 0, 0, (byte) 251}, 17, 0)).direction())
                .isEqualTo(Direction.INGRESS);
        PacketExplanation unknown = explain(e, ethernet("02:00:00:00:00:01", "02:00:00:00:00:02", THEIRS, THEIRS, 6, 0));
        assertThat(unknown.direction()).isNull();
        assertThat(unknown.text(4)).startsWith("4 - not-mirrored unknown-direction | ");
        assertThat(unknown.json(4)).containsEntry("reason", "unknown-direction").containsEntry("mirrored", false);
    }

    @Test void arpBySenderAndTargetAddress() {
        CaptureExplainer e = explainer(null);
        byte[] arp = new byte[42];
        put(arp, 0, "ff:ff:ff:ff:ff:ff");
        arp[12] = 0x08; arp[13] = 0x06; arp[15] = 1; arp[16] = 0x08; arp[18] = 6; arp[19] = 4; arp[21] = 1;
        System.arraycopy(THEIRS, 0, arp, 28, 4);
        System.arraycopy(OURS, 0, arp, 38, 4);
        PacketExplanation x = explain(e, arp);
        assertThat(x.direction()).isEqualTo(Direction.INGRESS);
        assertThat(x.text(0)).startsWith("1 ingress not-mirrored never-mirrored arp | ");
    }

    @Test void cookedCapturesCountAsEthernetFrames() {
        CaptureExplainer e = explainer(null);
        byte[] eth = ethernet("02:00:00:00:00:01", "02:00:00:00:00:02", THEIRS, OURS, 6, 0);
        byte[] sll = new byte[eth.length + 2];
        sll[14] = 0x08; // protocol at offset 14 of the 16-byte Linux cooked header
        System.arraycopy(eth, 14, sll, 16, eth.length - 14);
        PacketExplanation x = e.explain(sll, 0, sll.length, sll.length, LinkType.LINUX_SLL);
        assertThat(x.direction()).isEqualTo(Direction.INGRESS);
        assertThat(x.frameLength()).isEqualTo(eth.length);
        assertThat(x.json(4)).containsEntry("length", eth.length).containsEntry("vni", 42);
    }
}
