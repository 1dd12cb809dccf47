package net.trafficmirror.packet.filter;

import static net.trafficmirror.packet.filter.Frames.*;

import java.util.ArrayList;
import java.util.List;

/** A mixed set of frames exercising every filter primitive, with caplen per frame (shorter for truncated ones). */
final class FilterCorpus {
    record Frame(byte[] bytes, int caplen) {}

    private FilterCorpus() {}

    static final int IPV4 = 0x0800, IPV6 = 0x86dd, ARP = 0x0806;

    static List<Frame> ethernet() {
        List<byte[]> f = new ArrayList<>();
        byte[] http = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes();
        f.add(eth(IPV4, ip("10.0.0.1", "10.0.0.2", 6, tcp(40000, 80, 0x02, new byte[0]))));
        f.add(eth(IPV4, ip("10.0.0.2", "10.0.0.1", 6, tcp(80, 40000, 0x12, new byte[0]))));
        f.add(eth(IPV4, ip("10.0.0.1", "10.0.0.2", 6, tcp(40000, 80, 0x18, http))));
        f.add(eth(IPV4, ip("10.1.2.3", "192.168.1.1", 6, tcp(22, 5555, 0x04, new byte[0]))));
        f.add(eth(IPV4, ip("192.168.1.1", "10.1.2.3", 6, tcp(5555, 443, 0x11, new byte[0]))));
        f.add(eth(IPV4, ip("10.0.0.1", "8.8.8.8", 17, udp(5353, 53, bytes(30)))));
        f.add(eth(IPV4, ip("8.8.8.8", "10.0.0.1", 17, udp(53, 5353, bytes(60)))));
        f.add(eth(IPV4, ip("10.0.0.1", "10.0.0.9", 1, icmp(8, 0))));
        f.add(eth(IPV4, ip("10.0.0.9", "10.0.0.1", 1, icmp(0, 0))));
        f.add(eth(IPV4, ip("10.0.0.9", "10.0.0.1", 1, cat(icmp(3, 3), ip("10.0.0.1", "10.0.0.9", 17, udp(1, 2, new byte[0]))))));
        f.add(eth("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:01", ARP, arp(1, "02:00:00:00:00:01", "10.0.0.1", "00:00:00:00:00:00", "10.0.0.2")));
        f.add(eth("02:00:00:00:00:01", "02:00:00:00:00:02", ARP, arp(2, "02:00:00:00:00:02", "10.0.0.2", "02:00:00:00:00:01", "10.0.0.1")));
        f.add(eth("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:03", 0x8035, arp(3, "02:00:00:00:00:03", "0.0.0.0", "02:00:00:00:00:03", "10.0.0.3")));
        f.add(eth(IPV6, ip6("2001:db8::1", "2001:db8::2", 6, tcp(1234, 80, 0x02, new byte[0]))));
        f.add(eth("33:33:00:00:00:01", "02:00:00:00:00:01", IPV6, ip6("2001:db8::1", "ff02::1", 17, udp(5353, 5353, bytes(20)))));
        f.add(eth(IPV6, ip6("2001:db8::1", "2001:db8::2", 58, icmp(128, 0))));
        f.add(eth(IPV6, ip6("fe80::1", "ff02::1:ff00:2", 58, cat(icmp(135, 0), bytes(16)))));
        f.add(eth(IPV6, ip6("2001:db8::1", "2001:db8::2", 44, fragment6(17, 0x0001, udp(4000, 53, bytes(40))))));
        f.add(eth(IPV6, ip6("2001:db8::1", "2001:db8::2", 44, fragment6(17, 0x00a8, bytes(40)))));
        f.add(eth(IPV4, ip("10.0.0.1", "10.0.0.2", 17, 0x2000, new byte[0], udp(4000, 53, bytes(100)))));
        f.add(eth(IPV4, ip("10.0.0.1", "10.0.0.2", 17, 0x00b9, new byte[0], bytes(60))));
        f.add(eth(IPV4, ip("10.0.0.7", "10.0.0.8", 6, 0x4000, new byte[] {1, 1, 1, 0}, tcp(33333, 8080, 0x10, new byte[0]))));
        f.add(vlan(0x8100, 100, IPV4, ip("10.0.0.1", "10.0.0.2", 6, tcp(40001, 80, 0x02, new byte[0]))));
        f.add(vlan(0x8100, 200, ARP, arp(1, "02:00:00:00:00:01", "10.0.0.1", "00:00:00:00:00:00", "10.0.0.2")));
        f.add(cat(mac("02:00:00:00:00:02"), mac("02:00:00:00:00:01"), u16(0x88a8), u16(10), u16(0x8100), u16(20), u16(IPV4),
                ip("10.9.9.9", "10.8.8.8", 17, udp(1000, 2000, bytes(10)))));
        byte[] innerSynAck = eth("0a:00:00:00:00:06", "0a:00:00:00:00:05", IPV4, ip("10.0.0.5", "10.0.0.6", 6, tcp(80, 50000, 0x12, new byte[0])));
        f.add(eth(IPV4, ip("172.31.0.1", "172.31.0.2", 17, udp(61000, 4789, vxlan(7348185, innerSynAck)))));
        f.add(eth(IPV4, ip("172.31.0.1", "172.31.0.2", 17, udp(61001, 4789, vxlan(42,
                eth("ff:ff:ff:ff:ff:ff", "0a:00:00:00:00:05", ARP, arp(1, "0a:00:00:00:00:05", "10.0.0.5", "00:00:00:00:00:00", "10.0.0.6")))))));
        f.add(eth(IPV4, ip("172.31.0.1", "172.31.0.3", 17, udp(62000, 6081, geneve(5, 0x6558, 2,
                eth(IPV4, ip("10.0.0.5", "8.8.4.4", 17, udp(5000, 53, bytes(20)))))))));
        f.add(eth(IPV4, ip("172.31.0.1", "172.31.0.3", 17, udp(62001, 6081, geneve(6, 0x0800, 0, ip("10.0.0.5", "10.0.0.6", 1, icmp(8, 0)))))));
        f.add(eth(IPV6, ip6("2001:db8::a", "2001:db8::b", 17, udp(61002, 4789, vxlan(99, innerSynAck)))));
        f.add(eth(0x0026, cat(new byte[] {0x42, 0x42, 0x03}, bytes(35))));
        f.add(eth(IPV4, ip("10.0.0.1", "10.0.0.2", 47, cat(u16(0), u16(0x0800), ip("1.1.1.1", "2.2.2.2", 1, icmp(8, 0))))));
        f.add(eth(IPV4, ip("10.0.0.1", "10.0.0.2", 132, cat(u16(7000), u16(80), bytes(16)))));
        f.add(eth(IPV4, ip("10.0.0.3", "10.0.0.4", 17, udp(9999, 9998, bytes(1400)))));
        f.add(eth(IPV4, ip("10.0.0.3", "10.0.0.4", 6, tcp(1024, 2049, 0xe9, bytes(10)))));
        f.add(eth("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:09", IPV4, ip("0.0.0.0", "255.255.255.255", 17, udp(68, 67, bytes(240)))));
        f.add(eth("01:00:5e:00:00:fb", "02:00:00:00:00:01", IPV4, ip("10.0.0.1", "224.0.0.251", 17, udp(5353, 5353, bytes(40)))));
        f.add(eth("01:00:5e:00:00:16", "02:00:00:00:00:01", IPV4, ip("10.0.0.1", "224.0.0.22", 2, bytes(16))));
        f.add(eth(IPV4, ip("10.0.0.200", "10.255.0.1", 6, tcp(6000, 6001, 0x10, bytes(100)))));
        f.add(eth(IPV4, ip("203.0.113.5", "198.51.100.7", 17, udp(123, 123, bytes(48)))));
        List<Frame> out = new ArrayList<>();
        for (byte[] b : f) out.add(new Frame(b, b.length));
        // truncated captures: headers cut where loads will fall off the end
        byte[] cut = eth(IPV4, ip("10.0.0.1", "10.0.0.2", 6, tcp(40000, 80, 0x02, new byte[0])));
        out.add(new Frame(cut, 20));
        out.add(new Frame(cut, 36));
        out.add(new Frame(cut, 40));
        out.add(new Frame(cut, 10));
        byte[] cutVx = f.get(25);
        out.add(new Frame(cutVx, 60));
        return out;
    }

    /** Raw IP frames (LINKTYPE_RAW): the same network layers without a link header. */
    static List<Frame> raw() {
        List<Frame> out = new ArrayList<>();
        for (Frame fr : ethernet()) {
            int type = (fr.bytes()[12] & 0xff) << 8 | (fr.bytes()[13] & 0xff);
            if ((type == IPV4 || type == IPV6) && fr.caplen() == fr.bytes().length) {
                byte[] b = java.util.Arrays.copyOfRange(fr.bytes(), 14, fr.bytes().length);
                out.add(new Frame(b, b.length));
            }
        }
        return out;
    }

    /** Linux cooked v1 frames (LINKTYPE_LINUX_SLL): 16-byte header with the ethertype at 14. */
    static List<Frame> sll() {
        List<Frame> out = new ArrayList<>();
        for (Frame fr : ethernet()) {
            if (fr.caplen() != fr.bytes().length) continue;
            byte[] e = fr.bytes();
            // packet type: every third frame "sent by us" (4), the rest "to us" (0)
            byte[] h = cat(u16(out.size() % 3 == 0 ? 4 : 0), u16(1), u16(6), java.util.Arrays.copyOfRange(e, 6, 12), new byte[2], java.util.Arrays.copyOfRange(e, 12, 14));
            byte[] b = cat(h, java.util.Arrays.copyOfRange(e, 14, e.length));
            out.add(new Frame(b, b.length));
        }
        return out;
    }
}
