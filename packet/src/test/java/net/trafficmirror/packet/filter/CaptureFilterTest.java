package net.trafficmirror.packet.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;
import net.trafficmirror.packet.io.PcapWriter;
import net.trafficmirror.packet.io.RealTool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compares the packets each expression selects with the packets the real tcpdump (libpcap 1.10) selects from the
 * same capture ({@code tcpdump -r IN -w OUT EXPR}), on Ethernet, raw-IP and Linux-cooked captures.
 */
@Tag("tools")
class CaptureFilterTest {
    @TempDir Path dir;

    static final List<String> ETHERNET_EXPRESSIONS = List.of(
            "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "sctp", "igmp",
            "not ip", "! tcp", "tcp or udp", "tcp and not port 80", "tcp || icmp && host 10.0.0.9",
            "host 10.0.0.1", "src host 10.0.0.1", "dst host 10.0.0.1", "src or dst host 10.0.0.2",
            "src and dst host 10.0.0.1", "host 10.0.0.1 or 8.8.8.8", "host 10.0.0.1 and not 10.0.0.2",
            "ip host 10.0.0.2", "arp host 10.0.0.2", "host 10.0.0.3", "host 10.0.0.1 and (10.0.0.2 or 8.8.8.8)", "src 10.0.0.1 and dst 10.0.0.2",
            "host 2001:db8::1", "ip6 src host 2001:db8::1", "dst host ff02::1", "net 2001:db8::/32", "net fe80::/10",
            "net 10.0.0.0/8", "net 10.0.0.0 mask 255.255.255.0", "net 10", "net 10.1", "net 192.168.1",
            "src net 10.0.0.0/24", "dst net 224.0.0.0/4", "net 0.0.0.0/0", "dst net 10.0.0.0 mask 255.255.0.0",
            "port 80", "tcp port 80", "udp port 53", "port 53", "src port 53", "dst port 80", "tcp dst port 80 or udp src port 53",
            "port http", "port domain", "udp port domain", "tcp port domain", "port ntp", "portrange 1-1024", "tcp portrange 5000-6000",
            "src portrange 40000-40001", "port 4000", "ip6 and port 53", "ip and port 53", 
            "sctp port 80", "port 80 or 53", "tcp port 80 or 443",
            "ether host 02:00:00:00:00:01", "ether src 02:00:00:00:00:02", "ether dst ff:ff:ff:ff:ff:ff",
            "ether broadcast", "ether multicast", "broadcast", "multicast", "ip multicast", "ip6 multicast",
            "ether proto 0x0806", "ether proto \\arp", "ip proto 47", "ip proto \\tcp", "proto 17", "ip6 proto 58",
            "ip6 proto 17", "proto \\udp", "ip proto 6 or ip6 proto 6",
            "vlan", "vlan 100", "vlan 200", "vlan 10", "vlan and ip", "vlan 100 and tcp port 80", "vlan and arp",
            "vlan and vlan 20", "vlan 10 and vlan 20 and udp", "not vlan",
            "geneve", "geneve 5", "geneve 6", "geneve and ip", "geneve and udp port 53", "geneve and icmp",
            "geneve 5 and host 10.0.0.5", "udp and not geneve",
            "less 60", "greater 100", "less 100 and tcp", "len > 1000", "len <= 60",
            "tcp[tcpflags] & tcp-syn != 0", "tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack)", "tcp[13] = 2",
            "tcp[13] == 0x12", "tcp[tcpflags] & tcp-rst != 0", "tcp[tcpflags] & (tcp-fin|tcp-rst) != 0",
            "tcp[tcpflags] & (tcp-ece|tcp-cwr|tcp-urg) != 0", "tcp[tcpflags] & tcp-push != 0",
            "ip[8] < 5", "ip[8] = 64", "ip[9] = 17", "ip[0] & 0xf > 5", "ip[6:2] & 0x1fff != 0", "ip[2:2] > 100",
            "udp[8:2] = 0x0307", "udp[0:2] = 53", "udp[2:2] == 4789", "icmp[icmptype] = icmp-echo",
            "icmp[icmptype] == icmp-echoreply", "icmp[0] = 3 and icmp[1] = 3", "icmp6[icmp6type] = icmp6-echo",
            "icmp6[0] = 135", "ether[0] & 1 != 0", "ether[12:2] = 0x8100", "arp[7] = 2", "ip[12:4] = 0x0a000001",
            "tcp[0:2] > 1023 and tcp[2:2] < 1024", "tcp[2:2] + 1 = 81", "tcp[2:2] - 1 = 79", "tcp[2:2] * 2 = 160",
            "tcp[2:2] / 2 = 40", "tcp[2:2] % 7 = 3", "tcp[2:2] >> 4 = 5", "tcp[2:2] << 1 = 160", "tcp[2:2] ^ 80 = 0",
            "tcp[2:2] | 1 = 81", "0 - 1 = 4294967295 and -(0 - 2) = 2", "ip[0] - 70 > 0", "udp[100] = 0",
            "tcp[12] / 16 * 4 = 20", "(tcp[13] & 2) != 0", "(tcp or udp) and (port 80 or port 53)",
            "not (tcp or udp or icmp)", "((ip))", "ip and (tcp[13] & 0x10 = 0x10)",
            "ip[0:4] = 0 or ip", "ip or tcp[100] = 1", "ip[0] = 0x45 and not tcp",
            "host 10.0.0.1 and (port 80 or port 53)", "not host 10.0.0.1 and not host 10.0.0.2");

    static final List<String> RAW_EXPRESSIONS = List.of("ip", "ip6", "tcp", "udp", "icmp", "icmp6", "host 10.0.0.1",
            "port 53", "net 10.0.0.0/8", "tcp[13] = 2", "ip[9] = 17", "ip6 proto 58", "geneve", "geneve and ip",
            "less 60", "host 2001:db8::2", "udp port 4789", "not ip");

    static final List<String> SLL_EXPRESSIONS = List.of("ip", "ip6", "arp", "tcp", "udp", "icmp",
            "host 10.0.0.1", "port 80", "tcp[13] = 0x12", "ip[9] = 1", "arp host 10.0.0.2", "geneve 5",
            "geneve and udp port 53", "ether[14:2] = 0x0800", "inbound", "outbound", "outbound and tcp", "not inbound");

    @Test
    void ethernetSelectionsMatchTcpdump() throws Exception {
        compareAll(LinkType.ETHERNET, FilterCorpus.ethernet(), ETHERNET_EXPRESSIONS);
    }

    @Test
    void rawIpSelectionsMatchTcpdump() throws Exception {
        compareAll(LinkType.RAW, FilterCorpus.raw(), RAW_EXPRESSIONS);
    }

    @Test
    void linuxCookedSelectionsMatchTcpdump() throws Exception {
        compareAll(LinkType.LINUX_SLL, FilterCorpus.sll(), SLL_EXPRESSIONS);
    }

    private void compareAll(int linkType, List<FilterCorpus.Frame> frames, List<String> expressions) throws Exception {
        Path in = dir.resolve("corpus.pcap");
        try (var out = Files.newOutputStream(in)) {
            PcapWriter w = new PcapWriter(out, linkType, 65535, false);
            for (int i = 0; i < frames.size(); i++) {
                FilterCorpus.Frame f = frames.get(i);
                w.write(i, 0, f.bytes(), 0, f.caplen(), f.bytes().length);
            }
            w.flush();
        }
        List<String> differences = new ArrayList<>();
        for (String expression : expressions) {
            List<Long> theirs = tcpdumpSelects(in, expression);
            List<Long> ours = new ArrayList<>();
            CaptureFilter filter = CaptureFilter.compile(expression);
            for (int i = 0; i < frames.size(); i++) {
                FilterCorpus.Frame f = frames.get(i);
                if (filter.matches(f.bytes(), 0, f.caplen(), f.bytes().length, linkType)) ours.add((long) i);
            }
            if (!ours.equals(theirs)) differences.add("'" + expression + "': tcpdump " + theirs + ", ours " + ours);
        }
        assertThat(differences).isEmpty();
    }

    private List<Long> tcpdumpSelects(Path in, String expression) throws Exception {
        Path out = dir.resolve("selected.pcap");
        RealTool t = RealTool.run("tcpdump", "-r", in.toString(), "-w", out.toString(), expression);
        assertThat(t.exitCode()).as(expression + ": " + t.stderr()).isZero();
        List<Long> seconds = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(out)) {
            PacketRecord p = new PacketRecord();
            while (r.next(p)) seconds.add(p.seconds);
        }
        return seconds;
    }

    @Test
    void vxlanLooksInsideLikeGeneve() {
        List<FilterCorpus.Frame> frames = FilterCorpus.ethernet();
        // frame 44 is frame 25 cut after the VXLAN header: the tunnel test still sees it
        assertThat(select("vxlan", frames)).containsExactly(25, 26, 29, 44);
        assertThat(select("vxlan 7348185", frames)).containsExactly(25, 44);
        assertThat(select("vxlan and tcp[13] = 0x12 and src port 80", frames)).containsExactly(25, 29);
        assertThat(select("vxlan and arp", frames)).containsExactly(26);
        assertThat(select("vxlan and host 10.0.0.5", frames)).containsExactly(25, 26, 29);
        assertThat(select("vxlan and ether src 0a:00:00:00:00:05", frames)).containsExactly(25, 26, 29);
        assertThat(select("ip6 and vxlan 99", frames)).containsExactly(29);
        assertThat(select("vxlan and host 172.31.0.1", frames)).isEmpty();
        assertThat(select("host 172.31.0.1 and vxlan", frames)).containsExactly(25, 26, 44);
    }

    private static int matchCount(CaptureFilter filter, List<FilterCorpus.Frame> frames) {
        int n = 0;
        for (int i = 0; i < frames.size(); i++) {
            FilterCorpus.Frame f = frames.get(i);
            if (filter.matches(f.bytes(), 0, f.caplen(), f.bytes().length, LinkType.ETHERNET)) n++;
        }
        return n;
    }

    private static List<Integer> select(String expression, List<FilterCorpus.Frame> frames) {
        CaptureFilter filter = CaptureFilter.compile(expression);
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            FilterCorpus.Frame f = frames.get(i);
            if (filter.matches(f.bytes(), 0, f.caplen(), f.bytes().length, LinkType.ETHERNET)) l.add(i);
        }
        return l;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "host 1.2.3.4 or 5.6.7.8 and prot|unknown host 'prot' (host names are not resolved; use an address) at column 29",
            "tcp port|syntax error at column 9 near end of expression: expected a port number or name",
            "tcp and (udp|syntax error at column 13 near end of expression: expected ')'",
            "port 80 80|syntax error at column 9 near '80': expected 'and', 'or' or the end of the expression",
            "tcp[13] = |syntax error at column 10 near end of expression: expected a number, a constant such as tcp-syn, len, or a load such as tcp[13]",
            "tcp[13:3] = 1|data size must be 1, 2, or 4 at column 8",
            "host 10.0.0.0/8|syntax error at column 14 near '/': mask syntax for networks only: use 'net'",
            "net 10.0.0.1/8|non-network bits set in \"10.0.0.1\" at column 5",
            "port 70000|illegal port number 70000 at column 6",
            "port nosuchservice|unknown port 'nosuchservice' at column 6",
            "tcp[0] / 0 = 1|division by zero at column 8",
            "vlan 5000|VLAN tag 5000 greater than maximum 4095 at column 6",
            "10.0.0.9|syntax error at column 1 near '10.0.0.9': expected a primitive (host, net, port, tcp, ...) or an expression",
            "src 10.0.0.0/24|syntax error at column 13 near '/': mask syntax for networks only: use 'net'",
            "ip6 port 80|illegal qualifier of 'port': 'ip6' at column 10",
            "tcp and (10.0.0.1 or 10.0.0.2)|syntax error at column 10 near '10.0.0.1': expected a primitive (host, net, port, tcp, ...) or an expression",
            "ip $ tcp|syntax error at column 4 near '$': unexpected character",
            "and tcp|syntax error at column 1 near 'and': expected a primitive (host, net, port, tcp, ...) or an expression",
            "tcp host 10.0.0.1|'tcp' modifier applied to host at column 10"})
    void badExpressionsNameTheColumn(String expression, String message) throws Exception {
        assertThatThrownBy(() -> CaptureFilter.compile(expression)).isInstanceOf(FilterSyntaxException.class).hasMessage(message);
        // and tcpdump refuses them too
        Path in = dir.resolve("empty.pcap");
        try (var out = Files.newOutputStream(in)) {
            new PcapWriter(out, LinkType.ETHERNET, 65535, false).flush();
        }
        RealTool t = RealTool.run("tcpdump", "-r", in.toString(), expression);
        assertThat(t.exitCode()).as(expression).isEqualTo(1);
    }

    @Test
    void emptyExpressionMatchesEverything() {
        assertThat(CaptureFilter.compile("  ").matchesAll()).isTrue();
        assertThat(CaptureFilter.compile("").matches(new byte[0], 0, 0, 0, LinkType.ETHERNET)).isTrue();
    }

    @Test
    void evaluationAllocatesNothing() throws IOException {
        List<FilterCorpus.Frame> frames = FilterCorpus.ethernet();
        CaptureFilter filter = CaptureFilter.compile("(tcp[tcpflags] & tcp-syn != 0 or udp port 53 or vxlan and host 10.0.0.5) and not net 192.168.0.0/16");
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        int matched = 0;
        for (int warm = 0; warm < 20_000; warm++) matched += matchCount(filter, frames);
        long before = bean.getThreadAllocatedBytes(id);
        for (int round = 0; round < 1000; round++) matched += matchCount(filter, frames);
        long allocated = bean.getThreadAllocatedBytes(id) - before;
        assertThat(matched).isPositive();
        assertThat(allocated).as("bytes allocated for %d evaluations", 1000 * frames.size()).isLessThan(1024);
    }
}
