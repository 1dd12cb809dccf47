#!/usr/bin/env python3
"""Traffic and frame crafting for the tcpdump comparison corpus (run by make-captures.sh).

Each subcommand either generates traffic inside a network namespace (DNS responder and client, ICMP ping,
GENEVE over a UDP socket, hand-built frames sent through an AF_PACKET socket) or writes/rewrites pcap files
(malformed packets, other link types, swapped byte order, a truncated last record).

Formats followed: pcap (draft-ietf-opsawg-pcap), DNS (RFC 1035, RFC 6891 EDNS), GENEVE (RFC 8926),
TCP options (RFC 793, 2385 md5, 5482 uto, 5925 tcp-ao, 7413 tfo, 8684 mptcp), IPv4 options (RFC 791),
IPv6 extension headers (RFC 8200, 8754 SRH), ICMP (RFC 792), ICMPv6 (RFC 4443, 4861, 3810),
Linux link types (https://www.tcpdump.org/linktypes.html). Standard library only.
"""
import ipaddress
import os
import random
import select
import socket
import struct
import sys
import time


# ---------------------------------------------------------------- checksums and headers

def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def mac(s):
    return bytes(int(x, 16) for x in s.split(':'))


def a4(s):
    return ipaddress.IPv4Address(s).packed


def a6(s):
    return ipaddress.IPv6Address(s).packed


def eth(dst, src, etype, payload, tags=()):
    h = mac(dst) + mac(src)
    for tpid, tci in tags:
        h += struct.pack('!HH', tpid, tci)
    return h + struct.pack('!H', etype) + payload


def ip4(src, dst, proto, payload, ident=0x1234, frag=0x4000, ttl=64, tos=0, opts=b'', tot_len=None, ihl=None):
    hl = 20 + len(opts)
    tl = tot_len if tot_len is not None else hl + len(payload)
    vihl = 0x40 | (ihl if ihl is not None else hl // 4)
    h = struct.pack('!BBHHHBBH4s4s', vihl, tos, tl, ident, frag, ttl, proto, 0, a4(src), a4(dst)) + opts
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload


def ip6(src, dst, nh, payload, hlim=64, flow=0, plen=None):
    pl = plen if plen is not None else len(payload)
    return struct.pack('!IHBB16s16s', 0x60000000 | flow, pl, nh, hlim, a6(src), a6(dst)) + payload


def pseudo(src, dst, proto, length):
    if ':' in src:
        return a6(src) + a6(dst) + struct.pack('!IxxxB', length, proto)
    return a4(src) + a4(dst) + struct.pack('!BBH', 0, proto, length)


def tcp(src, dst, sp, dp, seq, ack, flags, payload=b'', win=64240, opts=b'', urg=0, doff=None, good_sum=True):
    off = doff if doff is not None else (20 + len(opts)) // 4
    h = struct.pack('!HHIIBBHHH', sp, dp, seq, ack, off << 4 | (flags >> 8), flags & 0xff, win, 0, urg) + opts
    c = csum(pseudo(src, dst, 6, len(h) + len(payload)) + h + payload)
    if not good_sum:
        c ^= 0x5a5a
    return h[:16] + struct.pack('!H', c) + h[18:] + payload


def udp(src, dst, sp, dp, payload, length=None, zero_sum=False):
    ln = length if length is not None else 8 + len(payload)
    h = struct.pack('!HHHH', sp, dp, ln, 0)
    if zero_sum:
        return h + payload
    c = csum(pseudo(src, dst, 17, 8 + len(payload)) + h + payload) or 0xffff
    return h[:6] + struct.pack('!H', c) + payload


def icmp4(t, c, rest, payload=b''):
    h = struct.pack('!BBH', t, c, 0) + rest + payload
    return h[:2] + struct.pack('!H', csum(h)) + h[4:]


def icmp6(src, dst, t, c, rest, payload=b''):
    h = struct.pack('!BBH', t, c, 0) + rest + payload
    return h[:2] + struct.pack('!H', csum(pseudo(src, dst, 58, len(h)) + h)) + h[4:]


F, S, R, P, A, U, E, W, NS = 1, 2, 4, 8, 16, 32, 64, 128, 256

# Addresses of the namespaces make-captures.sh creates (A sends, B answers).
A4, B4 = '10.77.0.1', '10.77.0.2'
A6, B6 = 'fd77::1', 'fd77::2'


# ---------------------------------------------------------------- pcap files

def write_pcap(path, records, linktype=1, snaplen=262144, big_endian=False, nano=False):
    """records: (sec, frac, data, wirelen) tuples; frac in µs (or ns when nano)."""
    e = '>' if big_endian else '<'
    magic = 0xa1b23c4d if nano else 0xa1b2c3d4
    with open(path, 'wb') as f:
        f.write(struct.pack(e + 'IHHiIII', magic, 2, 4, 0, 0, snaplen, linktype))
        for sec, frac, data, wirelen in records:
            f.write(struct.pack(e + 'IIII', sec, frac, len(data), wirelen))
            f.write(data)


def read_pcap(path):
    """Returns (linktype, snaplen, nano, [(sec, frac, data, wirelen)])."""
    with open(path, 'rb') as f:
        blob = f.read()
    magic = struct.unpack('<I', blob[:4])[0]
    e = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    magic = struct.unpack(e + 'I', blob[:4])[0]
    _, _, _, _, snaplen, linktype = struct.unpack(e + 'HHiIII', blob[4:24])
    recs, pos = [], 24
    while pos + 16 <= len(blob):
        sec, frac, cap, wire = struct.unpack(e + 'IIII', blob[pos:pos + 16])
        recs.append((sec, frac, blob[pos + 16:pos + 16 + cap], wire))
        pos += 16 + cap
    return linktype, snaplen, magic == 0xa1b23c4d, recs


def relink(src, dst, kind):
    """Rewrites an Ethernet capture of IPv4/IPv6 frames to another link type or byte order."""
    linktype, snaplen, nano, recs = read_pcap(src)
    if kind == 'swap':
        write_pcap(dst, recs, linktype, snaplen, big_endian=True, nano=nano)
        return
    if kind == 'ifindex':
        # SLL2 carries the capturing host's interface index, which tcpdump names with if_indextoname() on the
        # reading host: keep 1 (lo, the same in every namespace) and move the others to indexes no host has
        out = [(s, f, d[:4] + struct.pack('!I', i if i == 1 else 4000 + i) + d[8:], w)
               for s, f, d, w in recs for i in [struct.unpack('!I', d[4:8])[0]]]
        write_pcap(dst, out, linktype, snaplen, nano=nano)
        return
    if kind in ('vlan', 'qinq'):  # push 802.1Q vid 100 (PCP by position), or 802.1ad vid 200 over 802.1Q vid 300
        def tags(i):
            if kind == 'vlan':
                return struct.pack('!HH', 0x8100, (i % 8) << 13 | 100)
            return struct.pack('!HHHH', 0x88a8, 5 << 13 | 200, 0x8100, (i % 2) << 12 | 300)  # DEI on odd frames
        out = [(s, f, d[:12] + tags(i) + d[12:], w + len(tags(i))) for i, (s, f, d, w) in enumerate(recs)]
        write_pcap(dst, out, linktype, snaplen, nano=nano)
        return
    out = []
    for sec, frac, data, wire in recs:
        etype = struct.unpack('!H', data[12:14])[0] if len(data) >= 14 else 0
        if etype not in (0x0800, 0x86dd):
            continue
        body = data[14:]
        if kind == 'raw228' and etype != 0x0800 or kind == 'raw229' and etype != 0x86dd:
            continue
        if kind == 'null':
            # BSD loopback: the address family in the writer's (here little-endian) byte order; 30 is
            # FreeBSD/macOS AF_INET6 (tcpdump accepts 24, 28 and 30)
            body = struct.pack('<I', 2 if etype == 0x0800 else 30) + body
        out.append((sec, frac, body, wire - 14 + (4 if kind == 'null' else 0)))
    lt = {'raw101': 101, 'raw228': 228, 'raw229': 229, 'null': 0}[kind]
    write_pcap(dst, out, lt, snaplen, nano=nano)


def truncate_last(src, dst):
    """Cuts the file in the middle of its last record's data, as an interrupted writer leaves it."""
    with open(src, 'rb') as f:
        blob = f.read()
    _, _, _, recs = read_pcap(src)
    with open(dst, 'wb') as f:
        f.write(blob[:len(blob) - len(recs[-1][2]) // 2])


# ---------------------------------------------------------------- DNS (RFC 1035 wire format)

T_A, T_NS, T_CNAME, T_SOA, T_PTR, T_MX, T_TXT, T_AAAA, T_SRV, T_OPT, T_ANY = 1, 2, 5, 6, 12, 15, 16, 28, 33, 41, 255


def dns_name(name):
    out = b''
    for label in name.rstrip('.').split('.'):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b'\0'


def dns_rr(name_bytes, rtype, rdata, ttl=300, rclass=1):
    return name_bytes + struct.pack('!HHIH', rtype, rclass, ttl, len(rdata)) + rdata


def opt_rr(size=1232, do=False, options=b''):
    return b'\0' + struct.pack('!HHIH', T_OPT, size, 0x8000 if do else 0, len(options)) + options


ZONE_SOA = (dns_name('ns1.example.') + dns_name('hostmaster.example.')
            + struct.pack('!IIIII', 2026112701, 7200, 3600, 1209600, 300))


def dns_answers(qname, qtype):
    """Answers of the test zone: (rcode, answer RRs, authority RRs); names use compression to the question."""
    q = b'\xc0\x0c'  # pointer to the question's name at offset 12
    n = qname.lower().rstrip('.')
    if n == 'a.example' and qtype in (T_A, T_ANY):
        return 0, [dns_rr(q, T_A, a4('192.0.2.10')), dns_rr(q, T_A, a4('192.0.2.11'))], []
    if n == 'a.example' and qtype == T_AAAA:
        return 0, [dns_rr(q, T_AAAA, a6('2001:db8::10'))], []
    if n == 'www.example':
        target = dns_name('web.example.')
        return 0, [dns_rr(q, T_CNAME, target), dns_rr(target, T_A if qtype != T_AAAA else T_AAAA,
                                                     a4('192.0.2.80') if qtype != T_AAAA else a6('2001:db8::80'))], []
    if n == 'example' and qtype == T_MX:
        return 0, [dns_rr(q, T_MX, struct.pack('!H', 10) + dns_name('mail.example.')),
                   dns_rr(q, T_MX, struct.pack('!H', 20) + b'\x05mail2\xc0\x0c')], []
    if n == 'example' and qtype == T_NS:
        return 0, [dns_rr(q, T_NS, dns_name('ns1.example.'))], []
    if n == 'example' and qtype == T_SOA:
        return 0, [dns_rr(q, T_SOA, ZONE_SOA)], []
    if n == 'txt.example':
        return 0, [dns_rr(q, T_TXT, b'\x0bhello world\x06second'), dns_rr(q, T_TXT, b'\x00')], []
    if n == '_sip._tcp.example':
        return 0, [dns_rr(q, T_SRV, struct.pack('!HHH', 10, 20, 5060) + dns_name('sip.example.'))], []
    if n == '10.2.0.192.in-addr.arpa':
        return 0, [dns_rr(q, T_PTR, dns_name('a.example.'))], []
    if n.endswith('example'):
        return 3, [], [dns_rr(dns_name('example.'), T_SOA, ZONE_SOA)]
    return 5, [], []  # refused: not our zone


def dns_response(query):
    ident, flags, qd = struct.unpack('!HHH', query[:6])
    pos, labels = 12, []
    while query[pos]:
        labels.append(query[pos + 1:pos + 1 + query[pos]].decode())
        pos += 1 + query[pos]
    qtype, _ = struct.unpack('!HH', query[pos + 1:pos + 5])
    question = query[12:pos + 5]
    rcode, an, ns = dns_answers('.'.join(labels), qtype)
    edns = len(query) > pos + 5  # the client only sends an additional record when it is an OPT
    ar = [opt_rr(1232)] if edns else []
    rflags = 0x8000 | (flags & 0x7900) | 0x0400 | 0x0080 | rcode  # QR, opcode+RD echoed, AA, RA
    head = struct.pack('!HHHHHH', ident, rflags, 1, len(an), len(ns), len(ar))
    return head + question + b''.join(an + ns + ar)


def dns_query(ident, name, qtype, edns=False, do=False, rd=True, cd=False, ad=False):
    flags = (0x0100 if rd else 0) | (0x0010 if cd else 0) | (0x0020 if ad else 0)
    head = struct.pack('!HHHHHH', ident, flags, 1, 0, 0, 1 if edns else 0)
    return head + dns_name(name) + struct.pack('!HH', qtype, 1) + (opt_rr(4096, do) if edns else b'')


DNS_QUERIES = [('a.example.', T_A, False), ('a.example.', T_AAAA, True), ('www.example.', T_A, False),
               ('www.example.', T_AAAA, True), ('example.', T_MX, False), ('example.', T_NS, True),
               ('example.', T_SOA, True), ('txt.example.', T_TXT, False), ('_sip._tcp.example.', T_SRV, True),
               ('10.2.0.192.in-addr.arpa.', T_PTR, False), ('nx.example.', T_A, True), ('a.example.', T_ANY, False),
               ('other.test.', T_A, False)]


def serve_dns(bind, seconds):
    family = socket.AF_INET6 if ':' in bind else socket.AF_INET
    us = socket.socket(family, socket.SOCK_DGRAM)
    us.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    us.bind((bind, 53))
    ts = socket.socket(family, socket.SOCK_STREAM)
    ts.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ts.bind((bind, 53))
    ts.listen(8)
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([us, ts], [], [], 0.2)
        for s in ready:
            if s is us:
                q, peer = us.recvfrom(4096)
                us.sendto(dns_response(q), peer)
            else:
                c, _ = ts.accept()
                with c:
                    while True:
                        hdr = c.recv(2, socket.MSG_WAITALL)
                        if len(hdr) < 2:
                            break
                        q = c.recv(struct.unpack('!H', hdr)[0], socket.MSG_WAITALL)
                        r = dns_response(q)
                        c.sendall(struct.pack('!H', len(r)) + r)


def dns_client(server, transport):
    family = socket.AF_INET6 if ':' in server else socket.AF_INET
    rnd = random.Random(7348185)
    if transport == 'udp':
        s = socket.socket(family, socket.SOCK_DGRAM)
        s.settimeout(2)
        for name, qtype, edns in DNS_QUERIES:
            s.sendto(dns_query(rnd.randrange(65536), name, qtype, edns, do=qtype == T_SOA, cd=qtype == T_NS), (server, 53))
            s.recvfrom(4096)
        return
    # TCP: one connection carrying several queries (RFC 7766 pipelining), then a fresh one per query
    for batch in (DNS_QUERIES[:4], DNS_QUERIES[4:7], DNS_QUERIES[7:]):
        with socket.create_connection((server, 53), timeout=2) as s:
            for name, qtype, edns in batch:
                q = dns_query(rnd.randrange(65536), name, qtype, edns)
                s.sendall(struct.pack('!H', len(q)) + q)
                ln = struct.unpack('!H', s.recv(2, socket.MSG_WAITALL))[0]
                s.recv(ln, socket.MSG_WAITALL)


# ---------------------------------------------------------------- ICMP ping and UDP probes (kernel-built packets)

def ping(addr, count):
    v6 = ':' in addr
    s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_RAW,
                      socket.IPPROTO_ICMPV6 if v6 else socket.IPPROTO_ICMP)
    s.settimeout(1)
    ident = os.getpid() & 0xffff
    for seq in range(1, count + 1):
        payload = struct.pack('!d', time.time()) + bytes(range(0x10, 0x38))
        if v6:  # the kernel fills in the ICMPv6 checksum on raw ICMPv6 sockets
            s.sendto(struct.pack('!BBHHH', 128, 0, 0, ident, seq) + payload, (addr, 0))
        else:
            s.sendto(icmp4(8, 0, struct.pack('!HH', ident, seq), payload), (addr, 0))
        try:
            s.recv(2048)
        except socket.timeout:
            pass
        time.sleep(0.05)


def udp_probe(addr, port, size):
    """A datagram to a closed port draws a real ICMP port unreachable; a large one is fragmented by the kernel."""
    s = socket.socket(socket.AF_INET6 if ':' in addr else socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(bytes((i * 7) & 0xff for i in range(size)), (addr, port))
    time.sleep(0.2)


def router_messages(ifname, role):
    """RS from the host (a) or RA from the router (b), sent on the link as real ICMPv6 through the kernel."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
    idx = socket.if_nametoindex(ifname)
    with open('/sys/class/net/%s/address' % ifname) as f:
        lladdr = mac(f.read().strip())
    if role == 'rs':
        s.sendto(struct.pack('!BBHI', 133, 0, 0, 0) + b'\x01\x01' + lladdr, ('ff02::2', 0, 0, idx))
        return
    prefix = struct.pack('!BBBBIII', 3, 4, 64, 0xc0, 86400, 14400, 0) + a6('fd77:0:0:1::')
    mtu = struct.pack('!BBHI', 5, 1, 0, 1500)
    rdnss = struct.pack('!BBHI', 25, 3, 0, 600) + a6('fd77::53')
    ra = struct.pack('!BBHBBHII', 134, 0, 0, 64, 0x40, 1800, 0, 0) + b'\x01\x01' + lladdr + mtu + prefix + rdnss
    s.sendto(ra, ('ff02::1', 0, 0, idx))


# ---------------------------------------------------------------- text protocols and common UDP services

# tcpdump's txtproto ports (FTP, SSH banner, SMTP, WHOIS, RTSP): what the server says first, what the client sends
TEXT_SERVICES = {21: (b'220 trafficmirror FTP ready\r\n', b'USER anonymous\r\n', b'331 Guest login ok\r\n'),
                 22: (b'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n', b'SSH-2.0-OpenSSH_9.2p1\r\n', b''),
                 25: (b'220 mail.example ESMTP\r\n', b'EHLO client.example\r\n', b'250-mail.example\r\n250 8BITMIME\r\n'),
                 43: (b'', b'example.com\r\n', b'Domain Name: EXAMPLE.COM\r\nRegistrar: none\r\n'),
                 554: (b'', b'OPTIONS rtsp://10.77.0.2/stream RTSP/1.0\r\nCSeq: 1\r\n\r\n', b'RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n')}


def serve_text(seconds):
    listeners = {}
    for port in TEXT_SERVICES:
        ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind(('::', port))
        ls.listen(4)
        listeners[ls] = port
    udp = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    udp.bind(('::', 123))
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select(list(listeners) + [udp], [], [], 0.2)
        for ls in ready:
            if ls is udp:  # NTP server: answer mode 3 with mode 4, stratum 2
                q, peer = udp.recvfrom(512)
                now = int(time.time()) + 2208988800
                udp.sendto(struct.pack('!BBbbIII', 0x24, 2, 6, -23, 0x100, 0x200, 0x0a4d0002)
                           + struct.pack('!QQQQ', now << 32, struct.unpack('!Q', q[40:48])[0] if len(q) >= 48 else 0, now << 32 | 1, now << 32 | 2), peer)
                continue
            banner, _, reply = TEXT_SERVICES[listeners[ls]]
            c, _ = ls.accept()
            with c:
                if banner:
                    c.sendall(banner)
                c.settimeout(1)
                try:
                    c.recv(4096)
                except socket.timeout:
                    pass
                if reply:
                    c.sendall(reply)


def text_clients(addr):
    for port, (banner, request, reply) in TEXT_SERVICES.items():
        with socket.create_connection((addr, port), timeout=2) as c:
            if banner:
                c.recv(4096)
            c.sendall(request)
            if reply:
                c.recv(4096)


def udp_services(server):
    """NTP to the server, DHCP discover, mDNS, SSDP and LLMNR to their multicast groups, syslog to the server."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(A4))
    s.settimeout(1)
    ntp = struct.pack('!BBbbIII', 0x23, 0, 6, -20, 0, 0, 0) + struct.pack('!QQQQ', 0, 0, 0, (int(time.time()) + 2208988800) << 32)
    s.sendto(ntp, (server, 123))
    try:
        s.recv(512)
    except socket.timeout:
        pass
    s.sendto(dns_query(0, 'printer.local.', T_A, rd=False), ('224.0.0.251', 5353))
    s.sendto(dns_query(0x77, 'wpad.', T_A, rd=False), ('224.0.0.252', 5355))
    s.sendto(b'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n',
             ('239.255.255.250', 1900))
    s.sendto(b'<34>Nov 27 01:00:00 host tmirror: corpus syslog line', (server, 514))
    d = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    d.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    d.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, os.environ['TM_IFACE'].encode())
    d.bind(('0.0.0.0', 68))
    with open('/sys/class/net/%s/address' % os.environ['TM_IFACE']) as f:
        chaddr = mac(f.read().strip())
    bootp = struct.pack('!BBBBIHHIIII', 1, 1, 6, 0, 0x3903f326, 0, 0x8000, 0, 0, 0, 0) + chaddr + b'\0' * 10 + b'\0' * 192
    options = b'\x63\x82\x53\x63' + b'\x35\x01\x01' + b'\x0c\x06tmhost' + b'\x37\x04\x01\x03\x06\x0f' + b'\xff'
    d.sendto(bootp + options, ('255.255.255.255', 67))
    time.sleep(0.2)


# ---------------------------------------------------------------- GENEVE (RFC 8926) over a UDP socket

def geneve(vni, proto, inner, options=b'', oam=False, critical=False, version=0, optlen=None):
    ol = optlen if optlen is not None else len(options) // 4
    first = version << 6 | (ol & 0x3f)
    second = (0x80 if oam else 0) | (0x40 if critical else 0)
    return struct.pack('!BBHI', first, second, proto, vni << 8) + options + inner


def geneve_option(cls, otype, data):
    return struct.pack('!HBB', cls, otype, len(data) // 4) + data


def send_geneve(addr):
    ma, mb = '02:00:00:77:00:0a', '02:00:00:77:00:0b'
    ping_in = eth(mb, ma, 0x0800, ip4('172.16.0.1', '172.16.0.2', 1, icmp4(8, 0, struct.pack('!HH', 0x4242, 1), b'geneve!!' * 4)))
    syn = eth(mb, ma, 0x0800, ip4('172.16.0.1', '172.16.0.2', 6, tcp('172.16.0.1', '172.16.0.2', 40000, 80, 1000, 0, S,
                                                                          opts=b'\x02\x04\x05\xb4\x04\x02\x01\x03\x03\x07\x00\x00')))
    arp = eth('ff:ff:ff:ff:ff:ff', ma, 0x0806,
              struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4, 1, mac(ma), a4('172.16.0.1'), b'\0' * 6, a4('172.16.0.2')))
    raw4 = ip4('172.16.0.1', '172.16.0.9', 17, udp('172.16.0.1', '172.16.0.9', 5000, 53, dns_query(77, 'a.example.', T_A)))
    raw6 = ip6('fd00::1', 'fd00::2', 58, icmp6('fd00::1', 'fd00::2', 128, 0, struct.pack('!HH', 5, 6), b'v6'))
    aws = geneve_option(0x0108, 1, struct.pack('!Q', 0x1122334455667788)) + geneve_option(0x0108, 2, struct.pack('!Q', 42)) \
        + geneve_option(0x0108, 3, struct.pack('!I', 0xdeadbeef))
    vxlan_in = struct.pack('!B3xI', 0x08, 7348185 << 8) + syn
    datagrams = [
        geneve(0x123456, 0x6558, ping_in),
        geneve(7348185, 0x6558, syn, options=geneve_option(0x0102, 0x80, b'\x00\x01\x02\x03')),
        geneve(1, 0x6558, arp, options=geneve_option(0xffff, 0x01, b'abcdefgh') + geneve_option(0x0000, 0x7f, b''), oam=True),
        geneve(2, 0x6558, ping_in, critical=True, options=geneve_option(0x0103, 0x81, b'\xff' * 12)),
        geneve(0xabcdef, 0x0800, raw4, options=aws),
        geneve(3, 0x86dd, raw6),
        geneve(4, 0x1234, b'unknown protocol payload'),
        geneve(5, 0x6558, ping_in, version=1),
        geneve(6, 0x6558, ping_in, options=geneve_option(0x0102, 1, b'\0\0\0\0'), optlen=20),  # options longer than the datagram
        geneve(7, 0x0800, ip4('10.1.0.1', '10.1.0.2', 17, udp('10.1.0.1', '10.1.0.2', 65000, 4789, vxlan_in))),
        struct.pack('!BBH', 0, 0, 0x6558),  # shorter than the fixed header
    ]
    s = socket.socket(socket.AF_INET6 if ':' in addr else socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('::' if ':' in addr else '0.0.0.0', 6081))  # source port 6081 too, as tunnel endpoints send
    for d in datagrams:
        s.sendto(d, (addr, 6081))
        time.sleep(0.01)


# ---------------------------------------------------------------- hand-built frames sent through AF_PACKET

def tcp_option_frames(ma, mb):
    sa, da = A4, B4
    base = b'\x02\x04\x05\xb4'

    def seg(opts, flags=S, sp=41000, payload=b'', v6=False, **kw):
        s, d = (A6, B6) if v6 else (sa, da)
        t = tcp(s, d, sp, 5001, 0x01020304, 0 if flags & A == 0 else 0x0a0b0c0d, flags, payload, opts=opts, **kw)
        return eth(mb, ma, 0x86dd, ip6(s, d, 6, t)) if v6 else eth(mb, ma, 0x0800, ip4(s, d, 6, t))

    def mp(sub, body):  # MPTCP option: kind 30, length, subtype in the high nibble
        return bytes([30, 3 + len(body), sub << 4]) + body

    frames = [
        seg(base + b'\x01\x03\x03\x0e' + b'\x04\x02\x08\x0a' + struct.pack('!II', 1, 0)),  # wscale 14, SACK-perm, TS
        seg(b'\x13\x12' + bytes(range(16)) + b'\x00\x00', flags=S | A),  # md5 + eol
        seg(b'\x1c\x04\x80\x3c', flags=A),  # uto with granularity bit: minutes
        seg(b'\x1c\x04\x01\x2c', flags=A),  # uto in seconds
        seg(b'\x1d\x10\x05\x07' + bytes(range(12)), flags=A | P, payload=b'tcp-ao data'),  # tcp-ao with mac
        seg(b'\x1d\x04\x01\x02', flags=A),  # tcp-ao without mac
        seg(b'\x22\x02' + b'\x01\x01', flags=S),  # tfo cookie request
        seg(b'\x22\x0a' + bytes.fromhex('0011223344556677') + b'\x01\x01', flags=S, payload=b'fast open data'),
        seg(b'\xfe\x04\xf9\x89', flags=S),  # experimental tfo, cookie request
        seg(b'\xfe\x0c\xf9\x89' + bytes.fromhex('a1a2a3a4a5a6a7a8'), flags=S),
        seg(b'\xfe\x06\x12\x34\x56\x78', flags=S),  # experimental option with another magic
        seg(mp(0, b'\x81' + bytes.fromhex('0102030405060708')) + b'\x01\x01', flags=S),  # MP_CAPABLE v0
        seg(bytes([30, 12, 0x10 | 0x01, 3]) + struct.pack('!II', 0xaabbccdd, 0x11223344) + b'\x01\x01', flags=S),  # MP_JOIN syn
        seg(bytes([30, 20, 0x20, 0x0f]) + struct.pack('!QIHH', 0x0102030405060708, 0x0a0b0c0d, 100, 0xbeef), flags=A | P,
            payload=b'x' * 100),  # DSS with 8-byte DATA_ACK? (flags choose sizes)
        seg(bytes([30, 8, 0x20, 0x01]) + struct.pack('!I', 123456), flags=A),  # DSS data ack only
        seg(bytes([30, 16, 0x30, 0x07]) + a4('10.77.0.9') + struct.pack('!Q', 0x1122334455667788), flags=A),  # ADD_ADDR
        seg(bytes([30, 5, 0x40, 0x07, 0x08]) + b'\x01\x01\x01', flags=A),  # REMOVE_ADDR
        seg(bytes([30, 4, 0x51, 0x02]), flags=A),  # MP_PRIO backup
        seg(bytes([30, 12, 0x60, 0x00]) + struct.pack('!Q', 99), flags=A),  # MP_FAIL
        seg(bytes([30, 12, 0x70, 0x00]) + struct.pack('!Q', 0x1234), flags=A),  # MP_FASTCLOSE
        seg(bytes([30, 4, 0x81, 0x02]), flags=R | A),  # MP_TCPRST
        seg(bytes([30, 4, 0xf0, 0x00]), flags=A),  # unknown MPTCP subtype
        seg(b'\x63\x06ABCD' + b'\x01\x01', flags=A),  # unknown option 99
        seg(b'\x02\x05\x05\xb4\x00' + b'\x01\x01\x01', flags=S),  # mss with bad length
        seg(b'\x03\x04\x07\x00', flags=S),  # wscale with bad length
        seg(b'\x05\x0b' + b'\x00' * 9 + b'\x00', flags=A),  # sack with a bad length
        seg(b'\x05\x12' + struct.pack('!IIII', 0x01020310, 0x01020320, 0x01020330, 0x01020340) + b'\x01\x01', flags=A),
        seg(b'\x08\x06\x00\x00\x00\x01' + b'\x01\x01', flags=A),  # TS with bad length
        seg(b'\x04\x03\x00\x00', flags=S),  # sackOK bad length
        seg(b'\x01\x01\x01\x01\x01\x01\x01\x01', flags=A),  # all nop
        seg(b'\x00\x01\x02\x03', flags=A),  # eol then garbage
        seg(b'\x02\x01\x00\x00', flags=S),  # option length 1: bad opt
        seg(b'\x02\x00\x00\x00', flags=S),  # option length 0
        seg(b'\x63\x28\x00\x00', flags=S),  # option longer than the header
        seg(b'\x06\x06\x00\x00\x00\x01\x07\x06\x00\x00\x00\x02' + b'\x00' * 4, flags=A),  # echo / echoreply (RFC 1072)
        seg(b'\x0b\x06\x00\x00\x00\x05\x0c\x06\x00\x00\x00\x06\x0d\x06\x00\x00\x00\x07' + b'\x00\x00', flags=S),  # cc, ccnew, ccecho
        seg(b'\x1b\x08\x23\x45\x67\x89\xab\xcd', flags=S),  # quick-start
        seg(b'\x0e\x03\x01\x00', flags=S),  # alternate checksum request
        seg(b'\x10\x04\xab\xcd', flags=A),  # kind 16 (skeeter)
        seg(b'', flags=F | S | R | P | A | U | E | W, urg=1),  # every flag
        seg(b'', flags=NS | A),  # the NS bit (reserved)
        seg(b'', flags=U | A, urg=7, payload=b'urgent!'),
        seg(b'', flags=0),  # no flags
        seg(b'\x08\x0a' + struct.pack('!II', 0xfffffff0, 0x10) + b'\x01\x01', flags=A | P, payload=b'abc', good_sum=False),
        seg(base + b'\x01\x03\x03\x05\x04\x02\x08\x0a' + struct.pack('!II', 5, 0) + b'\x13\x12' + b'\xaa' * 16 + b'\x00\x00',
            flags=S, v6=True),
        seg(b'\x1d\x08\x01\x02\x03\x04\x05\x06', flags=A, v6=True),
        seg(b'', flags=R, payload=b'RST text: connection reset by peer, with a long enough reason', sp=80),
        seg(b'', flags=R | A, payload=b'short reset', sp=8080),
    ]
    return frames


def ip_option_frames(ma, mb):
    sa, da = A4, B4
    echo = icmp4(8, 0, struct.pack('!HH', 0x77, 1), b'ipopts')
    ud = lambda: udp(sa, da, 40001, 5002, b'options')
    ts = struct.pack('!BBBB', 68, 12, 13, 0x00) + struct.pack('!II', 123, 0)  # timestamps only, one slot used
    tsa = struct.pack('!BBBB', 68, 20, 21, 0x01) + a4(sa) + struct.pack('!I', 456) + b'\0' * 8  # address + timestamp
    opts = [
        struct.pack('!BBB', 7, 11, 4) + b'\0' * 8 + b'\0',  # record route, 2 slots, pad with eol
        struct.pack('!BBB', 7, 7, 8) + a4('10.77.0.254') + b'\x00',  # record route, full
        ts,
        tsa,
        struct.pack('!BBB', 131, 11, 4) + a4('10.77.0.254') + a4(da) + b'\x00',  # loose source route
        struct.pack('!BBB', 137, 7, 4) + a4('10.77.0.253') + b'\x00',  # strict source route
        struct.pack('!BBH', 148, 4, 0),  # router alert
        b'\x01\x01\x01\x00',  # nop nop nop eol
        struct.pack('!BB', 30, 6) + b'abcd' + b'\x00\x00',  # unknown option
        struct.pack('!BB', 7, 2) + b'\x00\x00',  # record route with a bad length
        struct.pack('!BB', 68, 40) + b'\x00\x00',  # length past the header
        struct.pack('!BB', 131, 1) + b'\x00\x00',  # length 1
        struct.pack('!BBH', 130, 11, 0) + b'\x00' * 8,  # security
    ]
    frames = []
    for i, o in enumerate(opts):
        proto, payload = (1, echo) if i % 2 == 0 else (17, ud())
        frames.append(eth(mb, ma, 0x0800, ip4(sa, da, proto, payload, ident=0x100 + i, opts=o)))
    # TOS/ECN and DF/MF/evil bits, TTL 1
    frames.append(eth(mb, ma, 0x0800, ip4(sa, da, 1, echo, tos=0xb8, ttl=1)))
    frames.append(eth(mb, ma, 0x0800, ip4(sa, da, 17, ud(), tos=0x03, frag=0x8000)))
    frames.append(eth(mb, ma, 0x0800, ip4(sa, da, 253, b'experimental protocol payload', frag=0)))
    frames.append(eth(mb, ma, 0x0800, ip4(sa, da, 4, ip4('192.0.2.1', '192.0.2.2', 17, udp('192.0.2.1', '192.0.2.2', 7, 7, b'ipip')))))
    frames.append(eth(mb, ma, 0x0800, ip4(sa, da, 41, ip6('2001:db8::1', '2001:db8::2', 59, b''))))  # 6in4, no next header
    gre = struct.pack('!HH', 0x2000, 0x0800) + struct.pack('!I', 0x42) + ip4('192.0.2.5', '192.0.2.6', 1, echo)  # GRE with key
    frames.append(eth(mb, ma, 0x0800, ip4(sa, da, 47, gre)))
    return frames


def ext6_frames(ma, mb):
    s, d = A6, B6

    def ext(nh, body):  # generic extension header: next header, length in 8-octet units beyond the first
        raw = bytes([nh, 0]) + body
        raw += b'\0' * (-len(raw) % 8)
        return bytes([nh, len(raw) // 8 - 1]) + raw[2:]

    u = udp(s, d, 40002, 5003, b'v6 ext')
    ic = icmp6(s, d, 128, 0, struct.pack('!HH', 9, 9), b'ext')
    ra_opt = b'\x05\x02\x00\x00'  # router alert (MLD)
    padn = b'\x01\x00'
    mld = icmp6('fe80::1', 'ff02::16', 143, 0, struct.pack('!HH', 0, 1),
                struct.pack('!BBH', 4, 0, 0) + a6('ff02::1:ff00:2'))
    frames = [
        eth('33:33:00:00:00:16', ma, 0x86dd, ip6('fe80::1', 'ff02::16', 0, ext(58, ra_opt + padn) + mld, hlim=1)),
        eth(mb, ma, 0x86dd, ip6(s, d, 0, ext(60, b'\x01\x04\x00\x00\x00\x00') + ext(17, b'\x1e\x02\xab\xcd') + u)),
        eth(mb, ma, 0x86dd, ip6(s, d, 43, ext(17, bytes([0, 2]) + b'\0\0\0\0' + a6('fd77::100') + a6(d)) + u)),  # type 0
        eth(mb, ma, 0x86dd, ip6(s, d, 43, ext(58, bytes([2, 1]) + b'\0\0\0\0' + a6('fd77::2:2')) + ic)),  # type 2
        eth(mb, ma, 0x86dd, ip6(s, d, 43, ext(17, bytes([4, 1, 1, 0]) + b'\0\0' + a6('fd77::3:1') + a6(d)) + u)),  # SRH
        eth(mb, ma, 0x86dd, ip6(s, d, 44, struct.pack('!BBHI', 17, 0, 0x0001, 0xabc) + u)),  # fragment: first, M set
        eth(mb, ma, 0x86dd, ip6(s, d, 44, struct.pack('!BBHI', 17, 0, 0x00a8, 0xabc) + b'tail of the datagram')),  # offset 21
        eth(mb, ma, 0x86dd, ip6(s, d, 44, struct.pack('!BBHI', 17, 0, 0x0000, 0xabd) + u)),  # atomic fragment
        eth(mb, ma, 0x86dd, ip6(s, d, 60, ext(59, b'\x01\x04\x00\x00\x00\x00'))),  # dest opts then no next header
        eth(mb, ma, 0x86dd, ip6(s, d, 0, ext(43, padn + b'\x00\x00') + ext(44, bytes([0, 0]) + b'\0\0\0\0')
                                 + struct.pack('!BBHI', 60, 0, 0, 7) + ext(6, b'\x04\x02\x00\x00')
                                 + tcp(s, d, 40003, 22, 1, 0, S))),
        eth(mb, ma, 0x86dd, ip6(s, d, 0, ext(58, b'\xc2\x04\x00\x01\x00\x00') + ic)),  # jumbo payload option
        eth(mb, ma, 0x86dd, ip6(s, d, 135, b'\x3b\x00' + b'\0' * 6)),  # mobility header (unknown here)
        eth(mb, ma, 0x86dd, ip6(s, d, 50, struct.pack('!II', 0x1000, 1) + b'encrypted' * 3)),  # ESP
        eth(mb, ma, 0x86dd, ip6(s, d, 51, bytes([58, 4, 0, 0]) + struct.pack('!II', 0x200, 1) + b'\0' * 12 + ic)),  # AH
        eth(mb, ma, 0x86dd, ip6(s, d, 17, u, flow=0xabcde | 0x0b800000)),  # traffic class + flow label
    ]
    return frames


def icmp_error_frames(mb, ma):
    """Sent by B (own MAC mb) to A (peer MAC ma)."""
    sa, da = B4, A4
    quoted_udp = ip4(da, '198.51.100.7', 17, udp(da, '198.51.100.7', 33434, 33435, b'\0' * 12), ttl=1)
    quoted_tcp = ip4(da, '198.51.100.7', 6, tcp(da, '198.51.100.7', 42000, 443, 77, 0, S), ident=0x4321)
    q8 = quoted_udp[:28]
    frames = []
    for code, rest in ((0, b'\0' * 4), (1, b'\0' * 4)):
        frames.append(icmp4(11, code, rest, quoted_udp))
    for code in (0, 1, 2, 3, 9, 10, 13):
        frames.append(icmp4(3, code, b'\0' * 4, q8))
    frames.append(icmp4(3, 3, b'\0' * 4, quoted_tcp))
    frames.append(icmp4(3, 4, struct.pack('!HH', 0, 1400), quoted_tcp))  # need to frag
    frames.append(icmp4(5, 1, a4('10.77.0.254'), q8))  # redirect
    frames.append(icmp4(12, 0, struct.pack('!BBH', 20, 0, 0), q8))  # parameter problem
    frames.append(icmp4(4, 0, b'\0' * 4, q8))  # source quench
    frames.append(icmp4(13, 0, struct.pack('!HH', 1, 2), struct.pack('!III', 1000, 0, 0)))  # timestamp request
    frames.append(icmp4(14, 0, struct.pack('!HH', 1, 2), struct.pack('!III', 1000, 2000, 3000)))
    frames.append(icmp4(17, 0, struct.pack('!HH', 3, 4)))  # address mask request
    frames.append(icmp4(10, 0, b'\0' * 4))  # router solicitation
    frames.append(icmp4(9, 0, struct.pack('!BBH', 1, 2, 1800), a4('10.77.0.2') + struct.pack('!I', 0)))  # router adv
    frames.append(icmp4(42, 0, struct.pack('!HBB', 9, 1, 0x01)))  # extended echo
    frames.append(icmp4(99, 5, b'\0' * 4, b'unknown type'))
    frames.append(icmp4(8, 0, struct.pack('!HH', 1, 1), b'bad checksum')[:2] + b'\x12\x34' + struct.pack('!HH', 1, 1) + b'bad checksum')
    out = [eth(ma, mb, 0x0800, ip4(sa, da, 1, f, ident=0x500 + i)) for i, f in enumerate(frames)]
    s6, d6 = B6, A6
    q6 = ip6(d6, '2001:db8::7', 17, udp(d6, '2001:db8::7', 33434, 33435, b'\0' * 8), hlim=1)
    q6t = ip6(d6, '2001:db8::7', 6, tcp(d6, '2001:db8::7', 42000, 443, 77, 0, S))
    six = [icmp6(s6, d6, 1, c, b'\0' * 4, q6) for c in (0, 1, 2, 3, 4, 5, 6, 7)]
    six += [icmp6(s6, d6, 1, 4, b'\0' * 4, q6t),
            icmp6(s6, d6, 2, 0, struct.pack('!I', 1280), q6t),
            icmp6(s6, d6, 3, 0, b'\0' * 4, q6), icmp6(s6, d6, 3, 1, b'\0' * 4, q6),
            icmp6(s6, d6, 4, 0, struct.pack('!I', 6), q6), icmp6(s6, d6, 4, 1, struct.pack('!I', 40), q6),
            icmp6(s6, d6, 4, 2, struct.pack('!I', 40), q6), icmp6(s6, d6, 4, 3, struct.pack('!I', 48), q6),
            icmp6(s6, d6, 137, 0, b'\0' * 4, a6('fd77::9') + a6('fd77::10') + b'\x02\x01' + mac(mb)),  # redirect
            icmp6(s6, d6, 130, 0, struct.pack('!HH', 1000, 0), a6('::')),  # MLDv1 query
            icmp6(s6, d6, 131, 0, struct.pack('!HH', 0, 0), a6('ff02::1:ff00:1')),  # MLDv1 report
            icmp6(s6, d6, 132, 0, struct.pack('!HH', 0, 0), a6('ff02::1:ff00:1')),  # MLD done
            icmp6(s6, d6, 130, 0, struct.pack('!HH', 1000, 0), a6('::') + struct.pack('!BBH', 2, 125, 1) + a6('fd77::1')),  # v2 query
            icmp6(s6, d6, 139, 0, struct.pack('!HH', 4, 0), b'\0' * 8 + a6('fd77::1')),  # node information query
            icmp6(s6, d6, 200, 1, b'\0' * 4, b'private experimentation'),
            icmp6(s6, d6, 129, 0, struct.pack('!HH', 3, 3), b'pong'),
            icmp6(s6, d6, 128, 0, struct.pack('!HH', 3, 4), b'bad')[:2] + b'\xbe\xef' + struct.pack('!HH', 3, 4) + b'bad']
    out += [eth(ma, mb, 0x86dd, ip6(s6, d6, 58, f)) for f in six]
    # ARP variants: gratuitous, reverse request, non-Ethernet hardware, IPv6-protocol ARP (unusual)
    arp = lambda op, sha, spa, tha, tpa, htype=1, ptype=0x0800, hl=6, pl=4: struct.pack('!HHBBH', htype, ptype, hl, pl, op) + sha + spa + tha + tpa
    out.append(eth('ff:ff:ff:ff:ff:ff', mb, 0x0806, arp(1, mac(mb), a4(sa), b'\0' * 6, a4(sa))))
    out.append(eth('ff:ff:ff:ff:ff:ff', mb, 0x0806, arp(2, mac(mb), a4(sa), b'\xff' * 6, a4(sa))))
    out.append(eth('ff:ff:ff:ff:ff:ff', mb, 0x8035, arp(3, mac(mb), b'\0' * 4, mac(mb), b'\0' * 4)))  # RARP
    out.append(eth('ff:ff:ff:ff:ff:ff', mb, 0x0806, arp(1, mac(mb), a4(sa), b'\0' * 6, a4(da), htype=6)))
    out.append(eth('ff:ff:ff:ff:ff:ff', mb, 0x0806, arp(8, mac(mb), a4(sa), mac(ma), a4(da))))  # inverse ARP request
    out.append(eth('ff:ff:ff:ff:ff:ff', mb, 0x0806, arp(1, mac(mb), a6(B6), b'\0' * 6, a6(A6), ptype=0x86dd, pl=16)))
    # unknown ethertypes, 802.3 length field with LLC, and a frame below the minimum Ethernet size
    out.append(eth(ma, mb, 0x88b5, b'local experimental ethertype'))
    out.append(eth(ma, mb, 0x88cc, b'\x02\x07\x04' + mac(mb) + b'\x04\x02\x07' + b'1' + b'\x06\x02\x00\x78\x00\x00'))  # LLDP
    out.append(eth('01:80:c2:00:00:00', mb, 38, b'\x42\x42\x03' + b'\0' * 35))  # 802.3 + LLC (STP)
    out.append(eth(ma, mb, 0x8847, struct.pack('!I', (16 << 12) | 0x100 | 64) + ip4(sa, da, 1, icmp4(0, 0, b'\0\0\0\1'))))  # MPLS
    out.append(eth(ma, mb, 0x88e5, b'\x2c\x00' * 8))  # MACsec
    out.append(eth(ma, mb, 0x9000, b'\0' * 40))  # loopback (config test protocol)
    return out


def send_frames(ifname, peer_mac, which):
    with open('/sys/class/net/%s/address' % ifname) as f:
        own = f.read().strip()
    frames = {'tcpopts': tcp_option_frames, 'ipopts': ip_option_frames, 'ext6': ext6_frames,
              'icmperr': icmp_error_frames}[which](own, peer_mac)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    for fr in frames:
        s.send(fr)
        time.sleep(0.005)


# ---------------------------------------------------------------- malformed packets (written directly as pcap)

def malformed_frames():
    ma, mb = '02:00:00:77:00:0a', '02:00:00:77:00:0b'
    sa, da = A4, B4
    frames = []  # (data, wirelen or None)

    def add(data, wire=None):
        frames.append((data, wire))

    good_tcp = tcp(sa, da, 40000, 80, 1, 2, P | A, b'GET / HTTP/1.1\r\n\r\n')
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, good_tcp, ihl=4)))  # IHL < 5
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, good_tcp, ihl=15)))  # IHL beyond the packet
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, good_tcp, tot_len=16)))  # total length < header
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, good_tcp, tot_len=1500)))  # total length > captured
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, good_tcp, tot_len=0)))  # total length 0 (TSO)
    add(eth(mb, ma, 0x0800, b'\x65' + ip4(sa, da, 6, good_tcp)[1:]))  # version 6 in an IPv4 ethertype
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, good_tcp)[:12]))  # truncated IPv4 header
    for doff in (0, 2, 4, 15):
        add(eth(mb, ma, 0x0800, ip4(sa, da, 6, tcp(sa, da, 40000, 80, 1, 2, A, b'data', doff=doff))))
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, good_tcp[:14])))  # TCP header cut by the IP length
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, good_tcp))[:14 + 20 + 10])  # TCP header cut by the snaplen
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, tcp(sa, da, 40000, 5001, 1, 2, S, opts=b'\x02\x04\x05\xb4\x08\x0a' + b'\0' * 10)))[:14 + 20 + 26])
    q = dns_query(0x4242, 'www.example.', T_A, edns=True)
    r = dns_response(dns_query(0x4343, 'www.example.', T_A))
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 5353 + 1, 53, q))), )
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 53, q[:20]))))  # truncated in the question
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 53, q[:8]))))  # shorter than a DNS header
    add(eth(mb, ma, 0x0800, ip4(da, sa, 17, udp(da, sa, 53, 40000, r[:len(r) - 5]))))  # response cut in an RR
    add(eth(mb, ma, 0x0800, ip4(da, sa, 17, udp(da, sa, 53, 40000, r)))[:14 + 20 + 8 + 40])  # response cut by snaplen
    loop = struct.pack('!HHHHHH', 7, 0x8180, 1, 1, 0, 0) + b'\x03www\xc0\x0c' + struct.pack('!HH', 1, 1) \
        + b'\xc0\x0c' + struct.pack('!HHIH', 1, 1, 60, 4) + a4('192.0.2.1')
    add(eth(mb, ma, 0x0800, ip4(da, sa, 17, udp(da, sa, 53, 40000, loop))))  # compression loop through itself
    self_ptr = struct.pack('!HHHHHH', 8, 0x0100, 1, 0, 0, 0) + b'\xc0\x0c' + struct.pack('!HH', 1, 1)
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 53, self_ptr))))  # pointer to itself
    far = struct.pack('!HHHHHH', 9, 0x0100, 1, 0, 0, 0) + b'\xc3\xff' + struct.pack('!HH', 1, 1)
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 53, far))))  # pointer past the message
    badlabel = struct.pack('!HHHHHH', 10, 0x0100, 1, 0, 0, 0) + b'\x41abc\x00' + struct.pack('!HH', 1, 1)
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 53, badlabel))))  # label type 01 (extended)
    longname = struct.pack('!HHHHHH', 11, 0x0100, 1, 0, 0, 0) + (b'\x3f' + b'a' * 63) * 5 + b'\x00' + struct.pack('!HH', 1, 1)
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 53, longname))))  # name over 255 octets
    odd = struct.pack('!HHHHHH', 12, 0x7900 | 0x0200 | 0x0040, 3, 2, 1, 0) + dns_name('x.example.') + struct.pack('!HH', 1, 3)
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 53, odd))))  # opcode 15, TC, Z bit, counts lie
    esc = struct.pack('!HHHHHH', 13, 0x0100, 1, 0, 0, 0) + b'\x04a\x01\xffb\x07example\x00' + struct.pack('!HH', 16, 1)
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 53, esc))))  # non-printable octets in a label
    tq = dns_query(0x5151, 'a.example.', T_A)
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, tcp(sa, da, 40005, 53, 1, 1, P | A, struct.pack('!H', len(tq) + 9) + tq))))  # prefix mismatch
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, tcp(sa, da, 40005, 53, 1, 1, P | A, b'\x00'))))  # one byte of prefix
    vx = lambda payload: eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 50000, 4789, payload)))
    inner = eth(mb, ma, 0x0800, ip4('172.16.0.1', '172.16.0.2', 1, icmp4(8, 0, b'\0\1\0\1', b'vx')))
    add(vx(b'\x08\x00\x00'))  # short VXLAN header
    add(vx(struct.pack('!B3xI', 0x00, 5 << 8) + inner))  # I flag clear
    add(vx(struct.pack('!B3xI', 0x88, 6 << 8 | 0xff) + inner))  # extra flag bit and reserved byte set
    add(vx(struct.pack('!B3xI', 0x08, 7 << 8) + inner[:20]))  # inner frame cut short
    add(vx(struct.pack('!B3xI', 0x08, 8 << 8)))  # no inner frame at all
    add(vx(struct.pack('!B3xI', 0x08, 9 << 8) + struct.pack('!B3xI', 0x08, 10 << 8) + inner))  # inner is garbage-ish
    gv = lambda payload: eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 50000, 6081, payload)))
    add(gv(b'\x00\x00\x65'))  # short GENEVE header
    add(gv(geneve(1, 0x6558, inner, optlen=63)))  # option length past the end
    add(gv(geneve(2, 0x6558, inner, options=struct.pack('!HBB', 0x0102, 1, 31) + b'\0' * 4)))  # option longer than options
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 9999, b'short', length=100))))  # UDP length too big
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 9999, b'short', length=4))))  # UDP length < 8
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 9999, b'12345678'))[:14 + 20 + 4]))  # UDP header cut
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, udp(sa, da, 40000, 9999, b'x', zero_sum=True))))  # no UDP checksum
    bad = bytearray(udp(sa, da, 40000, 9999, b'bad checksum'))
    bad[6] ^= 0xff
    add(eth(mb, ma, 0x0800, ip4(sa, da, 17, bytes(bad))))
    add(eth(mb, ma, 0x0800, ip4(sa, da, 1, icmp4(8, 0, b'\0\1\0\1', b'abc'))[:14 + 20 + 3]))  # ICMP cut
    add(eth(mb, ma, 0x0800, ip4(sa, da, 1, icmp4(3, 3, b'\0' * 4, b'\x45\x00'))))  # quoted packet cut short
    add(eth(mb, ma, 0x86dd, ip6(A6, B6, 58, b'')))  # ICMPv6 length 0
    add(eth(mb, ma, 0x86dd, ip6(A6, B6, 17, udp(A6, B6, 1, 2, b'abc')))[:14 + 30])  # IPv6 header cut
    add(eth(mb, ma, 0x86dd, ip6(A6, B6, 17, udp(A6, B6, 1, 2, b'abc'), plen=200)))  # payload length too big
    add(eth(mb, ma, 0x86dd, b'\x40' + ip6(A6, B6, 59, b'')[1:]))  # version 4 in an IPv6 ethertype
    add(eth(mb, ma, 0x86dd, ip6(A6, B6, 0, b'\x11\x05\x00\x00')))  # hop-by-hop header cut
    add(eth(mb, ma, 0x86dd, ip6(A6, B6, 43, b'\x11\x00\x04\x01\x00\x00\x00\x00')))  # SRH shorter than it claims
    add(eth(mb, ma, 0x86dd, ip6(A6, B6, 58, icmp6(A6, B6, 135, 0, b'\0' * 4, a6(B6) + b'\x01\x00' + mac(ma)))))  # option len 0
    add(eth(mb, ma, 0x86dd, ip6(A6, B6, 58, icmp6(A6, B6, 136, 0, b'\xe0\0\0\0', a6(A6) + b'\x02\x01' + mac(ma)))[:14 + 40 + 30]))
    add(eth('ff:ff:ff:ff:ff:ff', ma, 0x0806, b'\x00\x01\x08\x00\x06\x04\x00\x01' + mac(ma)))  # ARP cut
    add(eth(mb, ma, 0x8100, b'\x00\x64'))  # VLAN tag cut
    add(eth(mb, ma, 0x8100, b'\x00\x65\x88\xa8\x00\x66\x81\x00\x00\x67\x08\x00' + ip4(sa, da, 1, icmp4(8, 0, b'\0\1\0\2'))))  # 3 tags
    add(mac(mb) + mac(ma) + b'\x08')  # Ethernet header cut
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, good_tcp)), 2000)  # wire length larger than captured
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, tcp(sa, da, 40000, 80, 1, 2, P | A, b'HTTP/1.1 200 OK\r\nServer: x'))))
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, tcp(sa, da, 40000, 80, 1, 2, P | A, b'get /lower HTTP/1.0\r\n'))))
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, tcp(sa, da, 40000, 80, 1, 2, P | A, b'PATCH /x HTTP/1.1\r\n'))))
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, tcp(sa, da, 8080, 40000, 1, 2, P | A, b'HTTP/1.1 404 Not\x01Found\r\n'))))
    add(eth(mb, ma, 0x0800, ip4(sa, da, 6, tcp(sa, da, 40000, 8080, 1, 2, P | A, b'\r\n\r\n'))))
    return frames


def write_malformed(path):
    base = 1764200000
    recs = [(base + i, 1000 * i + 3, d, w if w is not None else len(d)) for i, (d, w) in enumerate(malformed_frames())]
    write_pcap(path, recs)


def write_bad_records(path):
    """Record-level faults tcpdump reports per packet: caplen 0, caplen above the file's snaplen, wirelen < caplen."""
    fr = eth('02:00:00:77:00:0b', '02:00:00:77:00:0a', 0x0800, ip4(A4, B4, 1, icmp4(8, 0, b'\0\1\0\1', b'r' * 120)))
    recs = [(1764201000, 1, fr, len(fr)), (1764201001, 2, fr, 40), (1764201002, 3, fr[:100], len(fr)),
            (1764201003, 4, b'', 60), (1764201004, 5, fr, len(fr))]
    write_pcap(path, recs, snaplen=100)


def fuzz_seeds(captures, outdir):
    """PrinterFuzzTest seeds: a few frames of every pcap of the corpus, behind the test's 11-byte input header
    (link type index, flag set index, wire length mode, timestamp); see PrinterFuzzTest's class comment."""
    order = [1, 113, 276, 101, 228, 229, 0]  # PrinterFuzzTest.LINK_TYPES
    os.makedirs(outdir, exist_ok=True)
    n = 0
    for name in sorted(os.listdir(captures)):
        if not name.endswith('.pcap'):
            continue
        linktype, _, _, recs = read_pcap(os.path.join(captures, name))
        if linktype not in order:
            continue
        step = max(1, len(recs) // 4)
        for i, (sec, frac, data, wire) in enumerate(recs[::step][:4]):
            head = bytes([order.index(linktype), n % 27, 0 if wire == len(data) else 2]) + struct.pack('!Q', sec << 32 | frac)
            with open(os.path.join(outdir, '%s-%d' % (name[:-5], i)), 'wb') as f:
                f.write(head + data)
            n += 1


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'serve-dns':
        serve_dns(args[0], float(args[1]))
    elif cmd == 'dns-client':
        dns_client(args[0], args[1])
    elif cmd == 'ping':
        ping(args[0], int(args[1]))
    elif cmd == 'udp-probe':
        udp_probe(args[0], int(args[1]), int(args[2]))
    elif cmd == 'router':
        router_messages(args[0], args[1])
    elif cmd == 'serve-text':
        serve_text(float(args[0]))
    elif cmd == 'text-clients':
        text_clients(args[0])
    elif cmd == 'udp-services':
        udp_services(args[0])
    elif cmd == 'geneve':
        send_geneve(args[0])
    elif cmd == 'send-frames':
        send_frames(args[0], args[1], args[2])
    elif cmd == 'malformed':
        write_malformed(args[0])
    elif cmd == 'bad-records':
        write_bad_records(args[0])
    elif cmd == 'relink':
        relink(args[0], args[1], args[2])
    elif cmd == 'fuzz-seeds':
        fuzz_seeds(args[0], args[1])
    elif cmd == 'truncate-last':
        truncate_last(args[0], args[1])
    else:
        sys.exit('craft.py: unknown command ' + cmd)
