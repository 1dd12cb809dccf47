package net.trafficmirror.packet.filter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.trafficmirror.packet.filter.CaptureFilter.Test;
import net.trafficmirror.packet.filter.CaptureFilter.Value;

/**
 * Parses pcap-filter(7) expressions (libpcap 1.10 {@code grammar.y}/{@code scanner.l}) into a tree of tests.
 *
 * <pre>
 * expr   := term (('and' | '&&' | 'or' | '||') (term | id))*      and/or: one precedence, left to right
 * term   := ('not' | '!') (term | id) | rterm
 * rterm  := head id | '(' expr ')' | pname | arith relop arith | 'less' N | 'greater' N | 'inbound' | 'outbound'
 *         | 'vlan' [N] | 'geneve' [N] | 'vxlan' [N] | [pname] ('broadcast' | 'multicast')
 * head   := [pname] [dir] [type] | pname 'proto'
 * dir    := 'src' | 'dst' | 'src or dst' | 'src and dst'
 * type   := 'host' | 'net' | 'port' | 'portrange'
 * arith  := loads {@code proto[expr]}, {@code proto[expr:size]}, numbers, named constants, {@code len},
 *           + - * / % & | ^ {@code << >>}, unary minus, parentheses
 * </pre>
 *
 * A bare {@code id} after and/or/not repeats the qualifiers of the last {@code head} ({@code host a or b}), as in
 * libpcap. {@code vlan} moves every later primitive behind one more 802.1Q tag and {@code geneve}/{@code vxlan}
 * into the tunnelled frame (see {@link Layer}). Host names are not resolved (no DNS): only addresses are accepted.
 */
final class FilterParser {
    private static final int ID = 0, NUM = 1, OP = 2, END = 3;

    private record Token(int kind, String text, int column, long value) {}

    private enum Dir { DEFAULT, SRC, DST, SRC_OR_DST, SRC_AND_DST }

    private enum Type { DEFAULT, HOST, NET, PORT, PORTRANGE, PROTO }

    private record Qual(String proto, Dir dir, Type type) {}

    private static final Qual DEFAULT = new Qual(null, Dir.DEFAULT, Type.DEFAULT);

    private static final Set<String> PROTOS = Set.of("ether", "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp",
            "icmp6", "sctp", "igmp");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "host", "net", "port", "portrange",
            "proto", "src", "dst", "less", "greater", "len", "vlan", "geneve", "vxlan", "mask", "broadcast",
            "multicast", "inbound", "outbound", "ether", "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "sctp", "igmp");

    /** libpcap's named constants (pcap-filter(7) "tcpflags", "icmptype" ...). */
    private static final Map<String, Long> CONSTANTS = Map.ofEntries(
            Map.entry("tcpflags", 13L), Map.entry("tcp-fin", 0x01L), Map.entry("tcp-syn", 0x02L),
            Map.entry("tcp-rst", 0x04L), Map.entry("tcp-push", 0x08L), Map.entry("tcp-ack", 0x10L),
            Map.entry("tcp-urg", 0x20L), Map.entry("tcp-ece", 0x40L), Map.entry("tcp-cwr", 0x80L),
            Map.entry("icmptype", 0L), Map.entry("icmpcode", 1L), Map.entry("icmp-echoreply", 0L),
            Map.entry("icmp-unreach", 3L), Map.entry("icmp-sourcequench", 4L), Map.entry("icmp-redirect", 5L),
            Map.entry("icmp-echo", 8L), Map.entry("icmp-routeradvert", 9L), Map.entry("icmp-routersolicit", 10L),
            Map.entry("icmp-timxceed", 11L), Map.entry("icmp-paramprob", 12L), Map.entry("icmp-tstamp", 13L),
            Map.entry("icmp-tstampreply", 14L), Map.entry("icmp-ireq", 15L), Map.entry("icmp-ireqreply", 16L),
            Map.entry("icmp-maskreq", 17L), Map.entry("icmp-maskreply", 18L),
            Map.entry("icmp6type", 0L), Map.entry("icmp6code", 1L), Map.entry("icmp6-destinationunreach", 1L),
            Map.entry("icmp6-packettoobig", 2L), Map.entry("icmp6-timeexceeded", 3L),
            Map.entry("icmp6-parameterproblem", 4L), Map.entry("icmp6-echo", 128L), Map.entry("icmp6-echoreply", 129L),
            Map.entry("icmp6-routersolicit", 133L), Map.entry("icmp6-routeradvert", 134L),
            Map.entry("icmp6-neighborsolicit", 135L), Map.entry("icmp6-neighboradvert", 136L),
            Map.entry("icmp6-redirect", 137L));

    /** IP protocol numbers by name (IANA; the names /etc/protocols gives them), for {@code proto NAME}. */
    private static final Map<String, Integer> IP_PROTOCOLS = Map.ofEntries(
            Map.entry("icmp", 1), Map.entry("igmp", 2), Map.entry("ipip", 4), Map.entry("tcp", 6), Map.entry("egp", 8),
            Map.entry("pup", 12), Map.entry("udp", 17), Map.entry("idp", 22), Map.entry("tp", 29),
            Map.entry("ip6", 41), Map.entry("rsvp", 46), Map.entry("gre", 47), Map.entry("esp", 50), Map.entry("ah", 51),
            Map.entry("icmp6", 58), Map.entry("pim", 103), Map.entry("vrrp", 112), Map.entry("sctp", 132));

    /** Ethertypes by name, for {@code ether proto NAME}. */
    private static final Map<String, Integer> ETHER_PROTOCOLS = Map.of("ip", 0x0800, "ip6", 0x86dd, "arp", 0x0806,
            "rarp", 0x8035, "atalk", 0x809b, "aarp", 0x80f3, "ipx", 0x8137, "decnet", 0x6003, "lat", 0x6004,
            "mopdl", 0x6001);

    private final String source;
    private final List<Token> tokens;
    private int pos;
    private Qual last = DEFAULT;
    private Layer layer = Layer.CAPTURED;

    FilterParser(String source) {
        this.source = source;
        this.tokens = scan(source);
    }

    Test parse() {
        Test t = expr();
        if (peek().kind != END) throw syntax("expected 'and', 'or' or the end of the expression");
        return t;
    }

    // ---- grammar ----

    private Test expr() {
        Test left = term();
        while (true) {
            Token t = peek();
            boolean and = isWord(t, "and") || isOp(t, "&&");
            boolean or = isWord(t, "or") || isOp(t, "||");
            if (!and && !or) return left;
            pos++;
            Test right = bareId() ? id(last) : term();
            Test l = left;
            left = and ? f -> l.test(f) && right.test(f) : f -> l.test(f) || right.test(f);
        }
    }

    private Test term() {
        Token t = peek();
        if (isWord(t, "not") || isOp(t, "!")) {
            pos++;
            Test inner = bareId() ? id(last) : term();
            return f -> !inner.test(f);
        }
        return rterm();
    }

    /** True when the next token is an id standing alone (qualifiers to be repeated), not the start of arithmetic. */
    private boolean bareId() {
        Token t = peek();
        Token n = peek(1);
        if (n.kind == OP && ARITHMETIC.contains(n.text)) return false;
        if (t.kind == NUM) return true;
        return t.kind == ID && !KEYWORDS.contains(t.text) && !CONSTANTS.containsKey(t.text);
    }

    private static final Set<String> ARITHMETIC = Set.of("[", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*",
            "/", "%", "&", "|", "^", "<<", ">>", ":");

    private Test rterm() {
        Token t = peek();
        if (isOp(t, "(")) {
            int save = pos;
            Layer saveLayer = layer;
            Qual saveLast = last;
            try {
                return relation();
            } catch (FilterSyntaxException notArithmetic) {
                pos = save;
                layer = saveLayer;
                last = saveLast;
            }
            pos++;
            Test inner = expr();
            expect(")");
            return inner;
        }
        if (t.kind == NUM || isOp(t, "-") || isWord(t, "len") || CONSTANTS.containsKey(t.text)
                || (t.kind == ID && PROTOS.contains(t.text) && isOp(peek(1), "["))) {
            return relation();
        }
        if (t.kind == ID) {
            switch (t.text) {
                case "less", "greater" -> {
                    pos++;
                    long n = number("a length");
                    return t.text.equals("less") ? f -> f.wirelen <= n : f -> f.wirelen >= n;
                }
                case "vlan" -> { return vlan(); }
                case "geneve", "vxlan" -> { return tunnel(t.text.equals("geneve") ? Layer.GENEVE : Layer.VXLAN); }
                case "broadcast", "multicast" -> { return castTest(null); }
                case "inbound", "outbound" -> {
                    pos++;
                    return direction(t.text.equals("outbound"));
                }
                default -> { }
            }
            // a bare id only repeats earlier qualifiers ("host a and (b or c)"); libpcap refuses one at the start
            if (!KEYWORDS.contains(t.text) && last != DEFAULT && bareId()) return id(last);
            if (KEYWORDS.contains(t.text)) return qualified();
        }
        throw syntax("expected a primitive (host, net, port, tcp, ...) or an expression");
    }

    /** head id, or a protocol name on its own (pname), or {@code pname broadcast|multicast}. */
    private Test qualified() {
        String proto = null;
        if (PROTOS.contains(peek().text) && peek().kind == ID) proto = next().text;
        if (proto != null && (isWord(peek(), "broadcast") || isWord(peek(), "multicast"))) return castTest(proto);
        Dir dir = Dir.DEFAULT;
        if (isWord(peek(), "src") || isWord(peek(), "dst")) {
            boolean src = next().text.equals("src");
            dir = src ? Dir.SRC : Dir.DST;
            Token conj = peek();
            if ((isWord(conj, "or") || isWord(conj, "and")) && isWord(peek(1), src ? "dst" : "src")) {
                pos += 2;
                dir = isWord(conj, "or") ? Dir.SRC_OR_DST : Dir.SRC_AND_DST;
            }
        }
        Type type = Type.DEFAULT;
        Token ty = peek();
        if (ty.kind == ID) {
            switch (ty.text) {
                case "host" -> type = Type.HOST;
                case "net" -> type = Type.NET;
                case "port" -> type = Type.PORT;
                case "portrange" -> type = Type.PORTRANGE;
                case "proto" -> type = Type.PROTO;
                default -> { }
            }
            if (type != Type.DEFAULT) pos++;
        }
        if (proto == null && dir == Dir.DEFAULT && type == Type.DEFAULT) {
            throw syntax("expected a primitive (host, net, port, tcp, ...) or an expression");
        }
        if (proto != null && dir == Dir.DEFAULT && type == Type.DEFAULT) return protocolAbbreviation(proto);
        if (type == Type.PROTO && dir != Dir.DEFAULT) throw syntax("'proto' takes no src/dst qualifier");
        Qual q = new Qual(proto, dir, type);
        last = q;
        return id(q);
    }

    /** One id under qualifiers: an address, network, port, port range or protocol. */
    private Test id(Qual q) {
        Token t = peek();
        if (t.kind != ID && t.kind != NUM) throw syntax("expected " + expectedId(q.type));
        if (t.kind == ID && KEYWORDS.contains(t.text) && q.type != Type.PROTO) throw syntax("expected " + expectedId(q.type));
        pos++;
        last = q;
        return switch (q.type) {
            case PROTO -> protoNumber(q.proto, t);
            case PORT -> port(q, t);
            case PORTRANGE -> portRange(q, t);
            case NET -> net(q, t);
            case HOST, DEFAULT -> host(q, t);
        };
    }

    private static String expectedId(Type type) {
        return switch (type) {
            case PORT -> "a port number or name";
            case PORTRANGE -> "a port range like 1024-2047";
            case NET -> "a network like 10.0.0.0/8";
            case PROTO -> "a protocol number or name";
            default -> "a host address";
        };
    }

    // ---- primitives ----

    private Test protocolAbbreviation(String proto) {
        Layer l = layer;
        return switch (proto) {
            case "ether" -> throw syntax("'ether' needs host, src, dst, proto, broadcast or multicast");
            case "ip" -> f -> f.etherType(l) == FilterFrame.ETHERTYPE_IPV4;
            case "ip6" -> f -> f.etherType(l) == FilterFrame.ETHERTYPE_IPV6;
            case "arp" -> f -> f.etherType(l) == FilterFrame.ETHERTYPE_ARP;
            case "rarp" -> f -> f.etherType(l) == FilterFrame.ETHERTYPE_RARP;
            case "icmp" -> ipProto(l, 1);
            case "igmp" -> ipProto(l, 2);
            case "icmp6" -> ip6Proto(l, 58);
            default -> {
                int p = IP_PROTOCOLS.get(proto);
                Test v4 = ipProto(l, p);
                Test v6 = ip6Proto(l, p);
                yield f -> v4.test(f) || v6.test(f);
            }
        };
    }

    /** {@code ip proto P}: the IPv4 protocol field, fragments included (libpcap gen_proto Q_IP). */
    private static Test ipProto(Layer l, int p) {
        return f -> {
            int n = f.ipv4(l);
            return n >= 0 && f.u8(n + 9) == p;
        };
    }

    /** {@code ip6 proto P}: the first next header, or the one after a fragment header (libpcap gen_proto Q_IPV6). */
    private static Test ip6Proto(Layer l, int p) {
        return f -> {
            int n = f.ipv6(l);
            if (n < 0) return false;
            int nh = f.u8(n + 6);
            return nh == p || (nh == 44 && f.u8(n + 40) == p);
        };
    }

    private Test protoNumber(String proto, Token t) {
        String name = t.text.startsWith("\\") ? t.text.substring(1) : t.text;
        Layer l = layer;
        if ("ether".equals(proto)) {
            long v = t.kind == NUM ? t.value : ETHER_PROTOCOLS.getOrDefault(name, -1);
            if (v < 0 || v > 0xffff) throw error("unknown ether proto '" + name + "'", t);
            return f -> f.etherType(l) == v;
        }
        long v = t.kind == NUM ? t.value : IP_PROTOCOLS.getOrDefault(name, -1);
        if (v < 0 || v > 255) throw error("unknown ip proto '" + name + "'", t);
        int p = (int) v;
        if (proto == null) {
            Test v4 = ipProto(l, p);
            Test v6 = ip6Proto(l, p);
            return f -> v4.test(f) || v6.test(f);
        }
        return switch (proto) {
            case "ip" -> ipProto(l, p);
            case "ip6" -> ip6Proto(l, p);
            default -> throw error("'" + proto + " proto' is not supported: use ip, ip6 or ether proto", t);
        };
    }

    private Test port(Qual q, Token t) {
        if (t.kind == NUM) {
            if (t.value > 65535) throw error("illegal port number " + t.text, t);
            return ports(q, (int) t.value, (int) t.value, t);
        }
        return namedPorts(q, t.text, t.text, t);
    }

    /**
     * A service name stands for the transports it is listed for, as libpcap's pcap_nametoport does: tcp only,
     * udp only, or (listed for both with one number) any transport.
     */
    private Test namedPorts(Qual q, String first, String last, Token t) {
        int[] a = Services.ports(first);
        int[] b = first.equals(last) ? a : Services.ports(last);
        if (a == null) throw error("unknown port '" + first + "'", t);
        if (b == null) throw error("unknown port '" + last + "'", t);
        if (q.proto != null) {
            int i = q.proto.equals("udp") ? 1 : 0;
            if (a[i] < 0 || b[i] < 0) throw error("unknown " + q.proto + " port '" + (a[i] < 0 ? first : last) + "'", t);
            return ports(q, Math.min(a[i], b[i]), Math.max(a[i], b[i]), t);
        }
        if (a[0] >= 0 && a[0] == a[1] && b[0] == b[1]) return ports(q, Math.min(a[0], b[0]), Math.max(a[0], b[0]), t);
        Test tcp = a[0] >= 0 && b[0] >= 0 ? ports(new Qual("tcp", q.dir, q.type), Math.min(a[0], b[0]), Math.max(a[0], b[0]), t) : f -> false;
        Test udp = a[1] >= 0 && b[1] >= 0 ? ports(new Qual("udp", q.dir, q.type), Math.min(a[1], b[1]), Math.max(a[1], b[1]), t) : f -> false;
        return f -> tcp.test(f) || udp.test(f);
    }

    private Test portRange(Qual q, Token t) {
        int lo, hi;
        if (t.kind == NUM) {
            lo = hi = (int) t.value;
        } else {
            int dash = t.text.indexOf('-');
            if (dash <= 0) throw error("illegal port range '" + t.text + "'", t);
            String from = t.text.substring(0, dash);
            String to = t.text.substring(dash + 1);
            if (!isDigits(from) || !isDigits(to)) return namedPorts(q, from, to, t);
            lo = (int) Math.min(Long.parseLong(from), 99999);
            hi = (int) Math.min(Long.parseLong(to), 99999);
        }
        if (lo < 0 || hi < 0 || lo > 65535 || hi > 65535) throw error("illegal port range '" + t.text + "'", t);
        return ports(q, Math.min(lo, hi), Math.max(lo, hi), t);
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }

    /** {@code [tcp|udp|sctp] [src|dst] port(range)}: libpcap gen_port/gen_port6, IPv4 first fragments only. */
    private Test ports(Qual q, int lo, int hi, Token t) {
        String p = q.proto;
        int[] transports = switch (p == null ? "" : p) {
            case "tcp" -> new int[] {6};
            case "udp" -> new int[] {17};
            case "sctp" -> new int[] {132};
            case "" -> new int[] {6, 17, 132};
            default -> throw error("illegal qualifier of 'port': '" + p + "'", t);
        };
        Dir dir = q.dir;
        Layer l = layer;
        Side inRange = (g, th, src) -> {
            int port = g.u16(src ? th : th + 2);
            return port >= lo && port <= hi;
        };
        return f -> {
            for (int proto : transports) {
                int th = f.ipv4Transport(l, proto);
                if (th < 0) th = f.ipv6Transport(l, proto);
                if (th < 0) continue;
                if (sides(dir, f, th, inRange)) return true;
            }
            return false;
        };
    }

    /** One side of a packet (source or destination address/port) against a primitive's value. */
    private interface Side {
        /** @param base the header the side is read from (per packet, so passed in, never captured) */
        boolean test(FilterFrame f, int base, boolean source);
    }

    /** Applies a direction qualifier, loading only the sides it needs, source first (as libpcap's code does). */
    private static boolean sides(Dir dir, FilterFrame f, int base, Side side) {
        return switch (dir) {
            case SRC -> side.test(f, base, true);
            case DST -> side.test(f, base, false);
            case SRC_AND_DST -> side.test(f, base, true) && side.test(f, base, false);
            default -> side.test(f, base, true) || side.test(f, base, false);
        };
    }

    private Test host(Qual q, Token t) {
        String text = t.text;
        if (isOp(peek(), "/") || isWord(peek(), "mask")) throw syntax("mask syntax for networks only: use 'net'");
        if ("ether".equals(q.proto) || (q.proto == null && isMac(text))) return etherHost(q.dir, mac(text, t));
        if (t.kind == ID && !isIpv4(text) && !looksIpv6(text)) {
            throw error("unknown host '" + text + "' (host names are not resolved; use an address)", t);
        }
        if (text.indexOf(':') >= 0) return ip6Net(q, ipv6(text, t), 128, t);
        long a = t.kind == NUM ? t.value : ipv4(text, t);
        return ip4Net(q, a, 0xffffffffL, t);
    }

    private Test net(Qual q, Token t) {
        String text = t.text;
        if (text.indexOf(':') >= 0) {
            long[] a = ipv6(text, t);
            int bits = 128;
            if (isOp(peek(), "/")) {
                pos++;
                bits = (int) number("a prefix length");
                if (bits > 128) throw error("mask length must be <= 128", t);
            }
            for (int i = bits; i < 128; i++) {
                if ((a[i / 64] >>> (63 - i % 64) & 1) != 0) throw error("non-network bits set in \"" + text + "/" + bits + "\"", t);
            }
            return ip6Net(q, a, bits, t);
        }
        long a;
        long mask;
        if (t.kind == NUM || isPartialIpv4(text)) {
            // "net 10" = 10.0.0.0/8, "net 10.1" = 10.1.0.0/16 (libpcap's __pcap_atonet)
            String[] parts = t.kind == NUM ? new String[] {Long.toString(t.value)} : text.split("\\.");
            a = 0;
            for (String part : parts) a = a << 8 | octet(part, t);
            a <<= 8 * (4 - parts.length);
            mask = 0xffffffffL << (32 - 8 * parts.length) & 0xffffffffL;
        } else {
            a = ipv4(text, t);
            mask = 0xffffffffL;
        }
        if (isOp(peek(), "/")) {
            pos++;
            long bits = number("a prefix length");
            if (bits > 32) throw error("mask length must be <= 32", t);
            mask = bits == 0 ? 0 : 0xffffffffL << (32 - bits) & 0xffffffffL;
        } else if (isWord(peek(), "mask")) {
            pos++;
            Token m = next();
            if (m.kind != ID || !isIpv4(m.text)) throw error("expected a netmask like 255.255.0.0", m);
            mask = ipv4(m.text, m);
        }
        if ((a & ~mask) != 0) throw error("non-network bits set in \"" + text + "\"", t);
        return ip4Net(q, a, mask, t);
    }

    /** IPv4 host/net: {@code ip}, {@code arp} and {@code rarp} addresses unless qualified (libpcap gen_host). */
    private Test ip4Net(Qual q, long addr, long mask, Token t) {
        String p = q.proto == null ? "" : q.proto;
        Dir dir = q.dir;
        Layer l = layer;
        Side side = (g, n, src) -> (g.u32(n + (src ? 12 : 16)) & mask) == addr;
        Test ip = f -> {
            int n = f.ipv4(l);
            // a /0 network needs no load (libpcap's optimizer drops it too)
            return n >= 0 && (mask == 0 || sides(dir, f, n, side));
        };
        Test arp = arpNet(l, FilterFrame.ETHERTYPE_ARP, dir, addr, mask);
        Test rarp = arpNet(l, FilterFrame.ETHERTYPE_RARP, dir, addr, mask);
        return switch (p) {
            case "" -> f -> ip.test(f) || arp.test(f) || rarp.test(f);
            case "ip" -> ip;
            case "arp" -> arp;
            case "rarp" -> rarp;
            default -> throw error("'" + p + "' modifier applied to host", t);
        };
    }

    private static Test arpNet(Layer l, int etherType, Dir dir, long addr, long mask) {
        // ARP for IPv4 over Ethernet: sender protocol address at 14, target at 24 (RFC 826)
        Side side = (g, n, src) -> (g.u32(n + (src ? 14 : 24)) & mask) == addr;
        return f -> {
            if (f.etherType(l) != etherType) return false;
            return mask == 0 || sides(dir, f, f.network(l), side);
        };
    }

    private Test ip6Net(Qual q, long[] a, int bits, Token t) {
        if (q.proto != null && !q.proto.equals("ip6")) throw error("'" + q.proto + "' modifier applied to an IPv6 address", t);
        long mHi = bits == 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
        long mLo = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
        Dir dir = q.dir;
        Layer l = layer;
        long hi = a[0], lo = a[1];
        Side side = (g, n, src) -> {
            int at = n + (src ? 8 : 24);
            return ((g.u32(at) << 32 | g.u32(at + 4)) & mHi) == hi && ((g.u32(at + 8) << 32 | g.u32(at + 12)) & mLo) == lo;
        };
        return f -> {
            int n = f.ipv6(l);
            if (n < 0) return false;
            return bits == 0 || sides(dir, f, n, side);
        };
    }

    private Test etherHost(Dir dir, byte[] mac) {
        Layer l = layer;
        long want = 0;
        for (byte x : mac) want = want << 8 | (x & 0xff);
        long w = want;
        Side side = (g, s, src) -> (g.u32(s + (src ? 6 : 0)) << 16 | g.u16(s + (src ? 10 : 4))) == w;
        return f -> {
            int s = f.linkStart(l);
            if (s < 0 || !isEthernet(f, l)) return false;
            return sides(dir, f, s, side);
        };
    }

    private static boolean isEthernet(FilterFrame f, Layer l) {
        return f.linkTypeOf(l) == net.trafficmirror.packet.LinkType.ETHERNET;
    }

    /** {@code [ether|ip|ip6] broadcast|multicast}. */
    private Test castTest(String proto) {
        Token t = next();
        boolean broadcast = t.text.equals("broadcast");
        Layer l = layer;
        String p = proto == null ? "ether" : proto;
        return switch (p) {
            case "ether" -> f -> {
                int s = f.linkStart(l);
                if (s < 0 || !isEthernet(f, l)) return false;
                return broadcast ? f.u32(s) == 0xffffffffL && f.u16(s + 4) == 0xffff : (f.u8(s) & 1) != 0;
            };
            case "ip" -> {
                if (broadcast) throw error("'ip broadcast' needs a netmask, which a capture file does not have", t);
                yield f -> {
                    int n = f.ipv4(l);
                    return n >= 0 && f.u8(n + 16) >= 224;
                };
            }
            case "ip6" -> {
                if (broadcast) throw error("IPv6 has no broadcast: use 'ip6 multicast'", t);
                yield f -> {
                    int n = f.ipv6(l);
                    return n >= 0 && f.u8(n + 24) == 0xff;
                };
            }
            default -> throw error("'" + p + " " + t.text + "' is not supported", t);
        };
    }

    /**
     * {@code inbound}/{@code outbound}: the Linux cooked header's packet type (4 = sent by this host), the only
     * direction a capture file records; libpcap refuses these on other link types, here they match nothing.
     */
    private Test direction(boolean outbound) {
        if (layer.outer() != null) throw syntax("inbound/outbound apply to the captured frame, not to a tunnelled one");
        return f -> {
            int type = switch (f.linkType) {
                case net.trafficmirror.packet.LinkType.LINUX_SLL -> f.u16(f.off);
                case net.trafficmirror.packet.LinkType.LINUX_SLL2 -> f.u8(f.off + 10);
                default -> -1;
            };
            return type >= 0 && (type == 4) == outbound;
        };
    }

    private Test vlan() {
        pos++;
        Layer l = layer;
        Test tagged = f -> {
            int s = f.linkStart(l);
            if (s < 0 || !isEthernet(f, l)) return false;
            int type = f.u16(s + 12 + 4L * l.vlans());
            return type == 0x8100 || type == 0x88a8 || type == 0x9100;
        };
        layer = layer.withVlan();
        if (peek().kind != NUM) return tagged;
        long id = number("a VLAN id");
        if (id > 4095) throw error("VLAN tag " + id + " greater than maximum 4095", tokens.get(pos - 1));
        return f -> tagged.test(f) && (f.u16(f.linkStart(l) + 14 + 4L * l.vlans()) & 0x0fff) == id;
    }

    /** {@code geneve [vni]} (libpcap gen_geneve) and {@code vxlan [vni]} (ours, the same shape on port 4789). */
    private Test tunnel(int kind) {
        pos++;
        Layer outer = layer;
        int port = kind == Layer.GENEVE ? FilterFrame.GENEVE_PORT : FilterFrame.VXLAN_PORT;
        layer = layer.inside(kind);
        long vni;
        if (peek().kind == NUM) {
            vni = number("a VNI");
            if (vni > 0xffffff) throw error("VNI " + vni + " greater than maximum 16777215", tokens.get(pos - 1));
        } else {
            vni = -1;
        }
        return f -> {
            int p = f.udpPayload(outer, port);
            if (p < 0) return false;
            // Geneve: version 0 in the top two bits (RFC 8926 §3.4); both: VNI in bytes 4-6
            if (kind == Layer.GENEVE && (f.u8(p) & 0xc0) != 0) return false;
            if (vni >= 0 && f.u32(p + 4) >>> 8 != vni) return false;
            // libpcap's geneve code goes on to read the protocol type for the inner offsets: a header cut
            // before it rejects the packet
            if (kind == Layer.GENEVE) f.u16(p + 2);
            return true;
        };
    }

    // ---- arithmetic ----

    private Test relation() {
        Value a = arith();
        Token op = peek();
        if (op.kind != OP || !Set.of("=", "==", "!=", "<", "<=", ">", ">=").contains(op.text)) {
            throw syntax("expected a comparison (=, !=, <, <=, >, >=)");
        }
        pos++;
        Value b = arith();
        return switch (op.text) {
            case "=", "==" -> f -> { long x = a.eval(f), y = b.eval(f); return x >= 0 && y >= 0 && x == y; };
            case "!=" -> f -> { long x = a.eval(f), y = b.eval(f); return x >= 0 && y >= 0 && x != y; };
            case "<" -> f -> { long x = a.eval(f), y = b.eval(f); return x >= 0 && y >= 0 && x < y; };
            case "<=" -> f -> { long x = a.eval(f), y = b.eval(f); return x >= 0 && y >= 0 && x <= y; };
            case ">" -> f -> { long x = a.eval(f), y = b.eval(f); return x >= 0 && y >= 0 && x > y; };
            default -> f -> { long x = a.eval(f), y = b.eval(f); return x >= 0 && y >= 0 && x >= y; };
        };
    }

    private Value arith() {
        Value v = andTerm();
        while (isOp(peek(), "|") || isOp(peek(), "^")) {
            boolean or = next().text.equals("|");
            Value l = v, r = andTerm();
            v = or ? f -> combine(l.eval(f), r.eval(f), '|') : f -> combine(l.eval(f), r.eval(f), '^');
        }
        return v;
    }

    private Value andTerm() {
        Value v = shiftTerm();
        while (isOp(peek(), "&")) {
            pos++;
            Value l = v, r = shiftTerm();
            v = f -> combine(l.eval(f), r.eval(f), '&');
        }
        return v;
    }

    private Value shiftTerm() {
        Value v = addTerm();
        while (isOp(peek(), "<<") || isOp(peek(), ">>")) {
            char op = next().text.charAt(0);
            Value l = v, r = addTerm();
            v = f -> combine(l.eval(f), r.eval(f), op);
        }
        return v;
    }

    private Value addTerm() {
        Value v = mulTerm();
        while (isOp(peek(), "+") || isOp(peek(), "-")) {
            char op = next().text.charAt(0);
            Value l = v, r = mulTerm();
            v = f -> combine(l.eval(f), r.eval(f), op);
        }
        return v;
    }

    private Value mulTerm() {
        Value v = unary();
        while (isOp(peek(), "*") || isOp(peek(), "/") || isOp(peek(), "%")) {
            Token t = next();
            char op = t.text.charAt(0);
            Value l = v, r = unary();
            if (op != '*' && r instanceof Constant c && c.value == 0) throw error("division by zero", t);
            v = f -> combine(l.eval(f), r.eval(f), op);
        }
        return v;
    }

    private Value unary() {
        if (isOp(peek(), "-")) {
            pos++;
            Value inner = unary();
            return f -> {
                long x = inner.eval(f);
                return x < 0 ? -1 : -x & 0xffffffffL;
            };
        }
        return primary();
    }

    /** A constant, kept recognisable so that division by a literal zero is refused at compile time. */
    private record Constant(long value) implements Value {
        @Override public long eval(FilterFrame f) { return value; }
    }

    private Value primary() {
        Token t = peek();
        if (t.kind == NUM) {
            pos++;
            return new Constant(t.value & 0xffffffffL);
        }
        if (isOp(t, "(")) {
            pos++;
            Value v = arith();
            expect(")");
            return v;
        }
        if (t.kind == ID) {
            if (CONSTANTS.containsKey(t.text)) {
                pos++;
                return new Constant(CONSTANTS.get(t.text));
            }
            if (t.text.equals("len")) {
                pos++;
                return f -> f.wirelen & 0xffffffffL;
            }
            if (PROTOS.contains(t.text) && isOp(peek(1), "[")) return load();
        }
        throw syntax("expected a number, a constant such as tcp-syn, len, or a load such as tcp[13]");
    }

    /** {@code proto[offset]} or {@code proto[offset:size]} (size 1, 2 or 4), relative to that protocol's header. */
    private Value load() {
        Token p = next();
        pos++; // '['
        Value offset = arith();
        int size = 1;
        if (isOp(peek(), ":")) {
            pos++;
            Token s = next();
            if (s.kind != NUM || (s.value != 1 && s.value != 2 && s.value != 4)) throw error("data size must be 1, 2, or 4", s);
            size = (int) s.value;
        }
        expect("]");
        Layer l = layer;
        int sz = size;
        CaptureFilter.Value base = switch (p.text) {
            case "ether" -> f -> {
                int s = f.linkStart(l);
                return s < 0 ? -1 : s;
            };
            case "ip" -> f -> f.ipv4(l);
            case "ip6" -> f -> f.ipv6(l);
            case "arp", "rarp" -> {
                int type = p.text.equals("arp") ? FilterFrame.ETHERTYPE_ARP : FilterFrame.ETHERTYPE_RARP;
                yield f -> f.etherType(l) == type ? f.network(l) : -1;
            }
            case "tcp" -> f -> f.ipv4Transport(l, 6);
            case "udp" -> f -> f.ipv4Transport(l, 17);
            case "icmp" -> f -> f.ipv4Transport(l, 1);
            case "igmp" -> f -> f.ipv4Transport(l, 2);
            case "sctp" -> f -> f.ipv4Transport(l, 132);
            case "icmp6" -> f -> f.ipv6Transport(l, 58);
            default -> throw error("'" + p.text + "[...]' is not supported", p);
        };
        return f -> {
            long b = base.eval(f);
            if (b < 0) return -1;
            long o = offset.eval(f);
            if (o < 0) return -1;
            long at = b + o;
            return switch (sz) {
                case 1 -> f.u8(at);
                case 2 -> f.u16(at);
                default -> f.u32(at);
            };
        };
    }

    private static long combine(long x, long y, char op) {
        if (x < 0 || y < 0) return -1;
        long r = switch (op) {
            case '+' -> x + y;
            case '-' -> x - y;
            case '*' -> x * y;
            case '/' -> {
                if (y == 0) throw FilterFrame.REJECT;
                yield x / y;
            }
            case '%' -> {
                if (y == 0) throw FilterFrame.REJECT;
                yield x % y;
            }
            case '&' -> x & y;
            case '|' -> x | y;
            case '^' -> x ^ y;
            // BPF shifts by the register value; shifting 32 bits or more leaves 0
            case '<' -> y >= 32 ? 0 : x << y;
            default -> y >= 32 ? 0 : x >>> y;
        };
        return r & 0xffffffffL;
    }

    // ---- values ----

    private long number(String what) {
        Token t = peek();
        if (t.kind != NUM) throw syntax("expected " + what);
        pos++;
        return t.value;
    }

    private static boolean isIpv4(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) return false;
        for (String x : p) if (x.isEmpty() || x.length() > 3 || !x.chars().allMatch(Character::isDigit) || Integer.parseInt(x) > 255) return false;
        return true;
    }

    private static boolean isPartialIpv4(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length < 1 || p.length > 3) return false;
        for (String x : p) if (x.isEmpty() || x.length() > 3 || !x.chars().allMatch(Character::isDigit)) return false;
        return true;
    }

    private int octet(String s, Token t) {
        long v = Long.parseLong(s);
        if (v > 255) throw error("invalid address '" + t.text + "'", t);
        return (int) v;
    }

    private long ipv4(String s, Token t) {
        if (!isIpv4(s)) throw error("invalid IPv4 address '" + s + "'", t);
        long a = 0;
        for (String x : s.split("\\.")) a = a << 8 | Integer.parseInt(x);
        return a;
    }

    /** Parses an IPv6 address (RFC 4291 §2.2 text forms, with a trailing dotted IPv4 part) into two longs. */
    private long[] ipv6(String s, Token t) {
        String text = s;
        long[] groups = new long[8];
        int dc = text.indexOf("::");
        if (dc != text.lastIndexOf("::") && dc >= 0) throw error("invalid IPv6 address '" + s + "'", t);
        List<String> head = new ArrayList<>();
        List<String> tail = new ArrayList<>();
        if (dc >= 0) {
            if (dc > 0) head.addAll(List.of(text.substring(0, dc).split(":", -1)));
            if (dc + 2 < text.length()) tail.addAll(List.of(text.substring(dc + 2).split(":", -1)));
        } else {
            head.addAll(List.of(text.split(":", -1)));
        }
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        // an embedded IPv4 address counts as two groups
        int count = all.size();
        String lastPart = all.isEmpty() ? "" : all.get(all.size() - 1);
        boolean v4 = lastPart.contains(".");
        if (v4) count++;
        if (count > 8 || (dc < 0 && count != 8)) throw error("invalid IPv6 address '" + s + "'", t);
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < head.size() + tail.size(); i++) {
            String g = i < head.size() ? head.get(i) : tail.get(i - head.size());
            boolean isLast = i == head.size() + tail.size() - 1;
            if (isLast && v4) {
                long a = ipv4(g, t);
                values.add(a >>> 16);
                values.add(a & 0xffff);
            } else {
                if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw error("invalid IPv6 address '" + s + "'", t);
                }
                values.add(Long.parseLong(g, 16));
            }
        }
        int headGroups = v4 && tail.isEmpty() ? values.size() : head.size();
        int i = 0;
        for (; i < headGroups; i++) groups[i] = values.get(i);
        int tailStart = 8 - (values.size() - headGroups);
        for (int j = headGroups; j < values.size(); j++) groups[tailStart + j - headGroups] = values.get(j);
        long hi = 0, lo = 0;
        for (int k = 0; k < 4; k++) hi = hi << 16 | groups[k];
        for (int k = 4; k < 8; k++) lo = lo << 16 | groups[k];
        return new long[] {hi, lo};
    }

    private static boolean isMac(String s) {
        return s.matches("[0-9A-Fa-f]{1,2}([:\\-.][0-9A-Fa-f]{1,2}){5}") || s.matches("[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}")
                || s.matches("[0-9A-Fa-f]{12}");
    }

    private byte[] mac(String s, Token t) {
        if (!isMac(s)) throw error("invalid Ethernet address '" + s + "'", t);
        String[] parts = s.split("[:\\-.]");
        byte[] m = new byte[6];
        if (parts.length == 6) {
            for (int i = 0; i < 6; i++) m[i] = (byte) Integer.parseInt(parts[i], 16);
        } else {
            String hex = String.join("", parts);
            for (int i = 0; i < 6; i++) m[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return m;
    }

    // ---- tokens ----

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = peek();
        if (t.kind != END) pos++;
        return t;
    }

    private static boolean isWord(Token t, String w) {
        return t.kind == ID && t.text.equals(w);
    }

    private static boolean isOp(Token t, String op) {
        return t.kind == OP && t.text.equals(op);
    }

    private void expect(String op) {
        if (!isOp(peek(), op)) throw syntax("expected '" + op + "'");
        pos++;
    }

    private FilterSyntaxException syntax(String expected) {
        Token t = peek();
        String near = t.kind == END ? "end of expression" : "'" + t.text + "'";
        return new FilterSyntaxException("syntax error at column " + t.column + " near " + near + ": " + expected, t.column);
    }

    private FilterSyntaxException error(String message, Token t) {
        return new FilterSyntaxException(message + " at column " + t.column, t.column);
    }

    private static final String OPS2 = "&& || == != <= >= << >>";
    private static final String OPS1 = "()[]!=<>+-*/%&|^:";

    private List<Token> scan(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (isWordChar(c) || (c == ':' && i + 1 < n && s.charAt(i + 1) == ':')) {
                int j = i;
                while (j < n && (isWordChar(s.charAt(j)) || s.charAt(j) == ':' || s.charAt(j) == '-')) j++;
                String w = s.substring(i, j);
                if (w.indexOf(':') >= 0 && !isMac(w) && !looksIpv6(w)) {
                    int colon = w.indexOf(':');
                    if (colon == 0) {
                        out.add(new Token(OP, ":", i + 1, 0));
                        i++;
                        continue;
                    }
                    w = w.substring(0, colon);
                    j = i + colon;
                }
                out.add(word(w, i + 1));
                i = j;
                continue;
            }
            String two = i + 1 < n ? s.substring(i, i + 2) : "";
            if (two.length() == 2 && OPS2.contains(two) && !two.contains(" ")) {
                out.add(new Token(OP, two, i + 1, 0));
                i += 2;
                continue;
            }
            if (OPS1.indexOf(c) >= 0) {
                out.add(new Token(OP, String.valueOf(c), i + 1, 0));
                i++;
                continue;
            }
            throw new FilterSyntaxException("syntax error at column " + (i + 1) + " near '" + c + "': unexpected character", i + 1);
        }
        out.add(new Token(END, "", n + 1, 0));
        return out;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '\\';
    }

    private static boolean looksIpv6(String w) {
        return w.contains("::") || w.chars().filter(ch -> ch == ':').count() == 7;
    }

    /** A word: a number (decimal, 0x hex, 0 octal, as libpcap's scanner) or an identifier (lower-cased keywords). */
    private Token word(String w, int column) {
        try {
            if (w.matches("0[xX][0-9a-fA-F]+")) return new Token(NUM, w, column, Long.parseLong(w.substring(2), 16) & 0xffffffffL);
            if (w.matches("0[0-7]+")) return new Token(NUM, w, column, Long.parseLong(w, 8) & 0xffffffffL);
            if (w.matches("[0-9]+")) return new Token(NUM, w, column, Long.parseLong(w) & 0xffffffffL);
        } catch (NumberFormatException tooBig) {
            throw new FilterSyntaxException("number " + w + " too large at column " + column, column);
        }
        String lower = w.toLowerCase(Locale.ROOT);
        return new Token(ID, KEYWORDS.contains(lower) || CONSTANTS.containsKey(lower) ? lower : w, column, 0);
    }

    /** Port names from the services table bundled with the printer (the same names tcpdump shows). */
    static final class Services {
        private static Map<String, int[]> byName;

        /** The {tcp, udp} ports for a service name (-1 where it is not listed), or null if unknown. */
        static synchronized int[] ports(String name) {
            if (byName == null) byName = load();
            return byName.get(name);
        }

        private static Map<String, int[]> load() {
            Map<String, int[]> m = new java.util.HashMap<>();
            try (InputStream in = FilterParser.class.getResourceAsStream("/net/trafficmirror/packet/print/services")) {
                if (in == null) return m;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    int hash = line.indexOf('#');
                    String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                    if (f.length < 2 || !f[1].contains("/")) continue;
                    String[] pp = f[1].split("/");
                    int idx = pp[1].equals("tcp") ? 0 : pp[1].equals("udp") ? 1 : -1;
                    if (idx < 0) continue;
                    int port = Integer.parseInt(pp[0]);
                    for (int k = 0; k < f.length; k++) {
                        if (k == 1) continue;
                        int[] e = m.computeIfAbsent(f[k], x -> new int[] {-1, -1});
                        if (e[idx] < 0) e[idx] = port;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a missing or unreadable table only means names are unknown
            }
            return m;
        }
    }
}
