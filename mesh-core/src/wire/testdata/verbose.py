#!/usr/bin/env python3
"""Writes verbose.pcap: frames for what tcpdump -v prints beyond the one-line
format (IPv4 header fields, ECN, flags, options, checksums, ICMP errors with
their quoted packet and RFC 4884 extensions, reset text, HTTP text lines).

The expected outputs next to it come from the real tcpdump 4.99.3:
    python3 verbose.py && tcpdump -n -v -r verbose.pcap > verbose.nv.txt
    tcpdump -n -e -v -r verbose.pcap > verbose.nev.txt
"""
import struct


def cs(b):
    if len(b) % 2:
        b = b + b'\0'
    s = sum((b[i] << 8) | b[i + 1] for i in range(0, len(b), 2))
    while s > 0xffff:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


A = b'\x0a\0\0\x02'
B = b'\x0a\0\0\x05'


def ip(proto, payload, src=A, dst=B, tl=None, tos=0, ttl=64, opts=b'', frag=0x4000, good_cksum=True):
    hl = 20 + len(opts)
    if tl is None:
        tl = hl + len(payload)
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | (hl // 4), tos, tl, 7, frag, ttl, proto, 0, src, dst) + opts
    c = cs(h) if good_cksum else 0x1234
    h = h[:10] + struct.pack('!H', c) + h[12:]
    return h + payload


def eth(payload, et=0x0800):
    return b'\x02\x42\x0a\0\0\x05' + b'\x02\x42\x0a\0\0\x02' + struct.pack('!H', et) + payload


def l4(proto, seg, src=A, dst=B, at=16):
    """Fills in a TCP (at=16) or UDP (at=6) checksum over the pseudo-header."""
    ph = src + dst + struct.pack('!BBH', 0, proto, len(seg))
    c = cs(ph + seg[:at] + b'\0\0' + seg[at + 2:])
    return seg[:at] + struct.pack('!H', c) + seg[at + 2:]


def tcp(flags, data=b'', sport=40000, dport=8080, src=A, dst=B, good=True, opts=b''):
    off = (20 + len(opts)) // 4 << 4
    seg = struct.pack('!HHIIBBHHH', sport, dport, 1000, 2000, off, flags, 512, 0, 0) + opts + data
    return l4(6, seg, src, dst) if good else seg


def icmp(ty, code, rest, body):
    m = struct.pack('!BBH', ty, code, 0) + rest + body
    return m[:2] + struct.pack('!H', cs(m)) + m[4:]


def ext(objects, version=2, good=True):
    h = struct.pack('!BBH', version << 4, 0, 0) + objects
    return h[:2] + struct.pack('!H', cs(h) if good else 0xbeef) + h[4:]


def obj(cls, ctype, data):
    return struct.pack('!HBB', 4 + len(data), cls, ctype) + data


udp_quote = ip(17, struct.pack('!HHHH', 40000, 9999, 13, 0) + b'hello')
big_quote = ip(17, struct.pack('!HHHH', 40000, 9999, 1208, 0) + bytes(range(256)) * 4 + b'x' * 176)[:548]
padded_128 = (udp_quote + b'\0' * 128)[:128]
rr = b'\x07\x0b\x08' + A + B + b'\0'  # record route, one hop recorded, pointer past it
lsrr = b'\x83\x0b\x04' + b'\x0a\0\0\x09' + b'\x0a\0\0\x0a' + b'\x01'
F = [
    eth(ip(17, l4(17, struct.pack('!HHHH', 40000, 9999, 13, 0) + b'hello', at=6), tos=0x01)),  # ECT(1)
    eth(ip(17, struct.pack('!HHHH', 40000, 9999, 13, 0) + b'hello', tos=0x02, ttl=0)),  # ECT(0), ttl 0
    eth(ip(17, struct.pack('!HHHH', 40000, 9999, 13, 0) + b'hello', tos=0xbb, frag=0x6000)),  # CE, DF and MF
    eth(ip(17, struct.pack('!HHHH', 40000, 9999, 13, 0) + b'hello', frag=0x8000)),  # reserved flag
    eth(ip(17, b'hello', frag=0x2003)),                                      # a later fragment
    eth(ip(17, struct.pack('!HHHH', 40000, 9999, 13, 0) + b'hello', good_cksum=False)),  # bad header checksum
    eth(ip(6, tcp(0x02), opts=rr)),                                          # record route
    eth(ip(6, tcp(0x12, dst=b'\x0a\0\0\x0a'), opts=lsrr)),                  # loose source route: pseudo-header
    eth(ip(6, tcp(0x12, dst=b'\x0a\0\0\x0a'), opts=b'\x89\x0b\x0c' + b'\x0a\0\0\x09' + b'\x0a\0\0\x0a' + b'\x01')),
    eth(ip(6, tcp(0x10), opts=b'\x44\x0c\x05\x00' + struct.pack('!II', 1000, 2000))),  # TS only
    eth(ip(6, tcp(0x10), opts=b'\x44\x0c\x0d\x21' + A + struct.pack('!I', 3000))),     # TS+ADDR, overflow
    eth(ip(6, tcp(0x10), opts=b'\x44\x0c\x05\x03' + B + struct.pack('!I', 0))),        # prespecified
    eth(ip(6, tcp(0x10), opts=b'\x44\x08\x05\x02' + b'\0' * 4)),            # bad TS type
    eth(ip(6, tcp(0x10), opts=b'\x44\x03\x05\x00')),                        # TS too short
    eth(ip(6, tcp(0x10), opts=b'\x01\x01\x99\x02\x00\x00\x00\x00')),        # NOP, unknown, EOL
    eth(ip(6, tcp(0x10), opts=b'\x82\x04\x00\x00\x52\x04\x00\x00')),        # security, traceroute
    eth(ip(6, tcp(0x10), opts=b'\x07\x09\x04' + A + b'\0\0')),             # RR with a bad length
    eth(ip(6, tcp(0x10), opts=b'\x07\x01\0\0')),                            # option length 1
    eth(ip(6, tcp(0x10), opts=b'\x07\x08\x04\0')),                          # option longer than header
    eth(ip(6, tcp(0x10), opts=b'\x94\x02\0\0')),                            # router alert too short
    eth(ip(6, tcp(0x18, b'GET /a HTTP/1.1\r\nHost: x\r\n\r\n'))),          # full request
    eth(ip(6, tcp(0x18, b'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n\x00\x01\x02'))),  # then binary
    eth(ip(6, tcp(0x18, b'GET / HTTP/1.1\nHost: y\nUser-Agent: z'))),      # LF only, last line open
    eth(ip(6, tcp(0x18, b'GET / HTTP/1.1\r\nX: a\rb\r\n'))),               # CR inside a line
    eth(ip(6, tcp(0x18, b'GET / HTTP/1.1\r\n\r'))),                        # CR at the very end
    eth(ip(6, tcp(0x18, b'POST / HTTP/1.1\r\n', good=False))),              # bad TCP checksum
    eth(ip(6, tcp(0x14, b'no listener on this port, go away please'))),   # reset text, cut at 30
    eth(ip(6, tcp(0x04, b'\x01\x7f\xc1\xff\ttab'))),                        # reset: control and 8-bit bytes
    eth(ip(1, icmp(8, 0, b'\x12\x34\x00\x01', b'ping'))),                   # echo, good checksum
    eth(ip(1, icmp(8, 0, b'\x12\x34\x00\x01', b'ping'), frag=0x2000)),      # first fragment: no check
    eth(ip(1, icmp(3, 3, b'\0' * 4, udp_quote), tos=0xc0)),                 # port unreachable
    eth(ip(1, icmp(11, 0, b'\0' * 4, ip(6, tcp(0x02), opts=rr)), tos=0xc0)),  # quote with options
    eth(ip(1, icmp(3, 4, b'\0\0\x05\x00', big_quote), tos=0xc0)),          # long quote, no extension
    eth(ip(1, icmp(3, 1, b'\0\x20\0\0', padded_128 + ext(obj(1, 1, struct.pack('!I', (16004 << 12) | (5 << 9) | 0x100 | 1)))))),
    eth(ip(1, icmp(11, 0, b'\0\x20\0\0', padded_128 + ext(obj(2, 3, b'\x01\x02\x03\x04\x05') + obj(9, 1, b'abcdefghijklmnopqrs'))))),
    eth(ip(1, icmp(3, 1, b'\0\0\0\0', padded_128 + ext(obj(1, 1, struct.pack('!I', 100 << 12)))))),  # no length, checksum good
    eth(ip(1, icmp(3, 1, b'\0\0\0\0', padded_128 + ext(obj(1, 1, struct.pack('!I', 100 << 12)), good=False)))),  # silent
    eth(ip(1, icmp(3, 1, b'\0\x20\0\0', padded_128 + ext(obj(1, 1, b'\0' * 4), version=1)))),  # not supported
    eth(ip(1, icmp(12, 0, b'\0\x20\0\0', padded_128 + ext(obj(0, 0, b''))))),  # class 0 ends the walk
    eth(ip(1, icmp(3, 1, b'\0\x20\0\0', padded_128 + ext(b'\0\x02\x01\x01' + b'\0' * 4)))),  # object shorter than its header
    eth(ip(1, icmp(3, 1, b'\0\x20\0\0', padded_128 + ext(obj(1, 1, b'\0\0')[:6])))),  # MPLS entry cut
    eth(ip(1, icmp(3, 3, b'\0' * 4, ip(6, tcp(0x02), opts=rr)[:26]))),      # quoted options cut
    eth(ip(1, icmp(5, 1, b'\x0a\0\0\x01', udp_quote))),                     # redirect
    eth(ip(1, icmp(3, 3, b'\0' * 4, b'\x45\0\0\x10' + b'\0' * 16))),         # quote shorter than a header
    eth(b'\0\x01\x08\0\x06\x04\0\x01' + b'\x02\x42\x0a\0\0\x02' + A + b'\0' * 6 + B, et=0x0806),
    eth(b'\0\x01\x08\0\x06\x04\0\x02' + b'\x02\x42\x0a\0\0\x05' + B + b'\x02\x42\x0a\0\0\x02' + A, et=0x0806),
    eth(b'\0\x01\x08\0\x06\x03\0\x01' + b'\x02\x42\x0a\0\0\x02' + A[:3] + b'\0' * 6 + B[:3], et=0x0806),  # 3-byte addresses
]

with open('verbose.pcap', 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    for i, frame in enumerate(F):
        f.write(struct.pack('<IIII', 1700000000 + i, i, len(frame), len(frame)))
        f.write(frame)
