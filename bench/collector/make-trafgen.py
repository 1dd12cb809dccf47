#!/usr/bin/env python3
"""Writes a trafgen(8) packet configuration: one mirror datagram as the AWS mirror source sends it
(Ethernet, IPv4 10.100.0.223 -> 10.100.0.177, UDP -> 4789, VXLAN VNI 7348185, inner Ethernet/IPv4/UDP frame
of INNER bytes). The outer UDP source port counts up so flows differ, as AWS's 5-tuple hash makes them.
usage: make-trafgen.py DST_MAC INNER_FRAME_BYTES > file.cfg"""
import struct, sys

dst_mac = bytes.fromhex(sys.argv[1].replace(':', ''))
inner_len = int(sys.argv[2])

def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def ipv4(src, dst, proto, payload):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0,
                    bytes(map(int, src.split('.'))), bytes(map(int, dst.split('.'))))
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload

inner_payload = bytes(i & 0xff for i in range(inner_len - 14 - 20 - 8))
inner = (bytes.fromhex('0a0000000002' '0a0000000001' '0800')
         + ipv4('18.209.184.162', '10.100.0.223', 17, struct.pack('!HHHH', 80, 33962, 8 + len(inner_payload), 0) + inner_payload))
vxlan = struct.pack('!II', 0x08000000, 7348185 << 8) + inner
outer_ip = ipv4('10.100.0.223', '10.100.0.177', 17, struct.pack('!HHHH', 49152, 4789, 8 + len(vxlan), 0) + vxlan)
frame = dst_mac + bytes.fromhex('020000000223') + b'\x08\x00' + outer_ip
# Bytes 34-35 are the outer UDP source port 0xc0NN: trafgen counts the low byte (dinc) over 49152..49407.
head, tail = frame[:35], frame[36:]
print('{ ' + ', '.join('0x%02x' % b for b in head) + ', dinc(0, 255), '
      + ', '.join('0x%02x' % b for b in tail) + ' }')
