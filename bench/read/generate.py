#!/usr/bin/env python3
"""Writes a mixed Ethernet pcap for the read benchmark: N packets of TCP/HTTP (handshakes, requests, 1448-byte
responses, ACKs), DNS over UDP, ICMP echo, IPv6 TCP, ARP and VXLAN carrying TCP, in realistic proportions and sizes.

usage: generate.py PACKETS OUT.pcap     (standard library only; about 40 s per million packets here)
"""
import random
import struct
import sys


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def eth(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


def ipv4(src, dst, proto, payload, ident=1):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident & 0xFFFF, 0x4000, 64, proto, 0, src, dst)
    return h[:10] + struct.pack("!H", checksum(h)) + h[12:] + payload


def ipv6(src, dst, nh, payload):
    return struct.pack("!IHBB", 0x60000000, len(payload), nh, 64) + src + dst + payload


def tcp(sp, dp, seq, ack, flags, payload=b"", options=b""):
    off = (20 + len(options)) // 4
    return struct.pack("!HHIIBBHHH", sp, dp, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4, flags, 502, 0, 0) + options + payload


def udp(sp, dp, payload):
    return struct.pack("!HHHH", sp, dp, 8 + len(payload), 0) + payload


def v4(a, b, c, d):
    return bytes([a, b, c, d])


MAC_A, MAC_B = bytes.fromhex("0a0000000001"), bytes.fromhex("0a0000000002")
SYN_OPTS = bytes.fromhex("020405b40402080a000003e80000000001030307")
TS_OPTS = bytes.fromhex("0101080a000003e8000003e9")


def dns_query(name, ident):
    q = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0" + struct.pack("!HH", 1, 1)
    return struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0) + q


def dns_answer(name, ident):
    q = dns_query(name, ident)[12:]
    a = struct.pack("!HHHIH4s", 0xC00C, 1, 1, 300, 4, v4(93, 184, 216, 34))
    return struct.pack("!HHHHHH", ident, 0x8180, 1, 1, 0, 0) + q + a


class Flow:
    """One TCP connection: handshake, then request/response rounds with ACKs, then FIN."""

    def __init__(self, i, v6):
        self.v6 = v6
        self.client = v4(10, 0, i // 250, 1 + i % 250)
        self.server = v4(93, 184, 216, 34)
        self.c6 = bytes.fromhex("20010db8000000000000000000%06x" % i)
        self.s6 = bytes.fromhex("20010db8000000000000000000ffffff")
        self.cport = 32768 + i
        self.cseq = random.getrandbits(32)
        self.sseq = random.getrandbits(32)
        self.step = 0

    def frame(self, c2s, flags, payload=b"", options=TS_OPTS):
        if c2s:
            seg = tcp(self.cport, 80, self.cseq, self.sseq, flags, payload, options)
            self.cseq += len(payload) + (1 if flags & 0x03 else 0)
            src, dst, sm, dm = self.client, self.server, MAC_A, MAC_B
            s6, d6 = self.c6, self.s6
        else:
            seg = tcp(80, self.cport, self.sseq, self.cseq, flags, payload, options)
            self.sseq += len(payload) + (1 if flags & 0x03 else 0)
            src, dst, sm, dm = self.server, self.client, MAC_B, MAC_A
            s6, d6 = self.s6, self.c6
        if self.v6:
            return eth(dm, sm, 0x86DD, ipv6(s6, d6, 6, seg))
        return eth(dm, sm, 0x0800, ipv4(src, dst, 6, seg))

    def next(self):
        s = self.step
        self.step += 1
        if s == 0:
            return self.frame(True, 0x02, options=SYN_OPTS)
        if s == 1:
            return self.frame(False, 0x12, options=SYN_OPTS)
        if s == 2:
            return self.frame(True, 0x10)
        r = (s - 3) % 6
        if r == 0:
            return self.frame(True, 0x18, b"GET /assets/%d.js HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\n\r\n" % s)
        if r in (1, 2, 3):
            body = (b"HTTP/1.1 200 OK\r\nContent-Type: text/javascript\r\nContent-Length: 4000\r\n\r\n" if r == 1 else b"") + b"x" * 1448
            return self.frame(False, 0x10, body[:1448])
        if r == 4:
            return self.frame(True, 0x10)
        if s > 60:
            self.step = 0
            return self.frame(True, 0x11)
        return self.frame(False, 0x18, b"y" * 200)


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    random.seed(7348185)
    flows = [Flow(i, i % 5 == 0) for i in range(400)]
    inner = [Flow(10000 + i, False) for i in range(50)]
    t = 1_700_000_000 * 1_000_000
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        for i in range(n):
            t += random.randint(1, 40)
            k = i % 100
            if k < 72:
                frame = flows[random.randrange(len(flows))].next()
            elif k < 84:
                ident = i & 0xFFFF
                name = "host%d.example.com" % (i % 97)
                q = k % 2 == 0
                payload = dns_query(name, ident) if q else dns_answer(name, ident)
                frame = eth(MAC_A, MAC_B, 0x0800, ipv4(v4(10, 0, 0, 2), v4(10, 0, 0, 53), 17, udp(40000 + ident % 20000, 53, payload))) if q \
                    else eth(MAC_B, MAC_A, 0x0800, ipv4(v4(10, 0, 0, 53), v4(10, 0, 0, 2), 17, udp(53, 40000 + ident % 20000, payload)))
            elif k < 88:
                icmp = struct.pack("!BBHHH", 8 if k % 2 else 0, 0, 0, 77, i & 0xFFFF) + b"\x00" * 56
                frame = eth(MAC_A, MAC_B, 0x0800, ipv4(v4(10, 0, 0, 2), v4(8, 8, 8, 8), 1, icmp))
            elif k < 90:
                arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, MAC_A, v4(10, 0, 0, 2), b"\0" * 6, v4(10, 0, 0, 1))
                frame = eth(b"\xff" * 6, MAC_A, 0x0806, arp + b"\0" * 18)
            elif k < 95:
                inner_frame = inner[random.randrange(len(inner))].next()
                vx = struct.pack("!II", 0x08000000, 7348185 << 8) + inner_frame
                frame = eth(MAC_A, MAC_B, 0x0800, ipv4(v4(172, 31, 0, 10), v4(172, 31, 0, 20), 17, udp(50000 + i % 10000, 4789, vx)))
            else:
                frame = eth(MAC_A, MAC_B, 0x0800, ipv4(v4(10, 0, 0, 2), v4(10, 0, 0, 9), 17, udp(5004, 5004, b"\x80" * 172)))
            f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame), len(frame)))
            f.write(frame)


if __name__ == "__main__":
    main()
