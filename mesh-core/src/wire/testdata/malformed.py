#!/usr/bin/env python3
"""Writes malformed.pcap: hand-made edge-case frames for the tcpdump format test.

The expected outputs next to it come from the real tcpdump 4.99.3:
    python3 malformed.py && tcpdump -n -r malformed.pcap > malformed.n.txt
    tcpdump -n -e -r malformed.pcap > malformed.ne.txt
"""
import struct


def cs(b):
    if len(b) % 2:
        b = b + b'\0'
    s = sum((b[i] << 8) | b[i + 1] for i in range(0, len(b), 2))
    while s > 0xffff:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def ip(proto, payload, src=b'\x0a\0\0\x02', dst=b'\x0a\0\0\x05', tl=None, ver_ihl=0x45, opts=b'', frag=0x4000):
    hl = 20 + len(opts)
    if tl is None:
        tl = hl + len(payload)
    h = struct.pack('!BBHHHBBH4s4s', ver_ihl, 0, tl, 1, frag, 64, proto, 0, src, dst) + opts
    h = h[:10] + struct.pack('!H', cs(h)) + h[12:]
    return h + payload


def eth(et, payload, src=b'\x02\x42\x0a\0\0\x02', dst=b'\x02\x42\x0a\0\0\x05'):
    return dst + src + struct.pack('!H', et) + payload


def tcp(flags_off, rest=b'', ports=b'\x82\x5e\x1f\x90', window_etc=b'\0' * 6):
    return ports + b'\0' * 8 + flags_off + window_etc + rest


def arp(op, body=None, hw=b'\0\x01', pro=b'\x08\0', hln=b'\x06', pln=b'\x04'):
    if body is None:
        body = b'\x02\x42\x0a\0\0\x02' + b'\x0a\0\0\x02' + b'\x02\x42\x0a\0\0\x05' + b'\x0a\0\0\x05'
    return hw + pro + hln + pln + struct.pack('!H', op) + body


quoted_tcp = ip(6, b'\x82\x5e\x1f\x90' + b'\0' * 4)
F = [
    eth(0x1234, b'\xaa' * 20),                                    # unknown EtherType: hex dump
    eth(0x0800, b'\x65' + b'\0' * 30),                            # IPv6 header in an IPv4 frame
    eth(0x0800, b'\x45\0\0'),                                     # truncated IPv4 header
    eth(0x0800, b''),                                             # empty IPv4 payload
    eth(0x0800, b'\x05' + b'\0' * 30),                            # IP version 0
    eth(0x0800, ip(99, b'\0' * 8)),                               # unknown IP protocol
    eth(0x0800, ip(17, b'\x9c\x40\x27\x0f\x00\x0d\0\0hello', tl=100)),   # total length > captured
    eth(0x0800, ip(17, b'\x9c\x40\x27\x0f\x00\x0d\0\0hello', tl=10)),    # total length < header
    eth(0x0800, ip(17, b'\x9c\x40\x27\x0f\x00\x0d\0\0hello', tl=0)),     # total length 0 (TSO)
    eth(0x0800, ip(17, b'\x9c\x40\x27\x0f\x00\x0d\0\0hello', ver_ihl=0x44)),  # header length 16
    eth(0x0800, ip(17, b'\x9c\x40\x27\x0f\x00\x0d\0\0hello', ver_ihl=0x4f)),  # header length 60
    eth(0x0800, ip(17, b'\x9c\x40\x27\x0f\x00\x0d\0\0hello', ver_ihl=0x4f, tl=60)),
    eth(0x0800, ip(17, b'\x9c\x40\x27\x0f\x00\x0d\0\0hello')[:25]),      # cut in the UDP header
    eth(0x0800, ip(17, b'\x9c\x40\x27\x0f\x00\x0d\0\0hello')[:20]),      # nothing after the IP header
    eth(0x0800, ip(17, b'\x9c\x40\x27\x0f\x00\x05\0\0hello')),           # UDP length < 8
    eth(0x0800, ip(17, b'\x9c\x40\x27\x0f\x00\x20\0\0hello')),           # UDP length > IP payload
    eth(0x0800, ip(17, b'\x9c\x40\x27')),                                # 3 bytes of UDP
    eth(0x0800, ip(17, b'\x9c\x40\x1f\x0a\x00\x0d\0\0hello')),           # swarm gossip port 7946
    eth(0x0800, ip(17, b'\x9c\x40\x1f\x90\x00\x0d\0\0hello') + b'\0' * 13),  # Ethernet padding
    eth(0x0800, ip(17, b'\x9c\x40\x27\x0f\x00\x0d\0\0hello', frag=0x2000)),  # first fragment
    eth(0x0800, ip(6, b'\x82\x5e\x1f\x90', frag=0x0001)),               # later fragment
    eth(0x0800, ip(6, b'\x82\x5e')),                                     # 2 bytes of TCP
    eth(0x0800, ip(6, tcp(b'\x50\x10')[:10])),                              # cut TCP header
    eth(0x0800, ip(6, tcp(b'\x40\x02'))),                                # TCP header length 16
    eth(0x0800, ip(6, tcp(b'\xf0\x02'))),                                # TCP header length 60
    eth(0x0800, ip(6, tcp(b'\x60\x02', b'\x02\x03\x05\x00'))),           # mss option length 3
    eth(0x0800, ip(6, tcp(b'\x60\x02', b'\x02\x05\x05\x00'))),           # option longer than header
    eth(0x0800, ip(6, tcp(b'\x80\x02', b'\x63\x04\xab\xcd\x05\x0a\0\0\0\x01\0\0\0\x05'))),  # unknown + cut sack
    eth(0x0800, ip(6, tcp(b'\x60\x02', b'\x00\x01\x01\x01'))),           # eol first
    eth(0x0800, ip(6, tcp(b'\x80\x02', b'\x02\x04\x05\xb4\x01\x01\x04\x02\x01\x03\x03\x07'))),  # SYN without TS
    eth(0x0800, ip(6, tcp(b'\x80\x10', b'\x01\x01\x05\x0a\0\0\0\x10\0\0\0\x20'))),  # sack block
    eth(0x0800, ip(6, tcp(b'\x60\x10', b'\x63\x02\x01\x00'))),           # empty unknown, nop, eol
    eth(0x0800, ip(6, tcp(b'\x50\x3f'))),                                # many flags
    eth(0x0800, ip(6, tcp(b'\x50\x00'))),                                # no flags
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'\x16\x03\x01binary'))),         # binary data on 8080
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'HTTP/1.1 404 Not Found\r\n'))),
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'get /x HTTP/1.0'))),            # lowercase, no line end
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'GET /x\rHTTP/1.0\r\n'))),       # CR not followed by LF
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'GET\t/x\tHTTP/1.0\r\n'))),      # tabs
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'GET / HTTP/1.1\r'))),           # CR at the end
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'HTTP/1.1 2000 OK\r\n'))),       # four-digit status
    eth(0x0800, ip(6, tcp(b'\x50\x18', b' GET / HTTP/1.1\r\n'))),        # leading space
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'GET\r\n'))),                    # method only
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'FOO 200 x\r\n'))),              # status as second token
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'GET /\xc3\xa9 HTTP/1.1\r\n'))),  # non-ASCII
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'POST /a HTTP/1.1\n', ports=b'\x00\x50\x00\x50'))),  # port 80, LF only
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'*1\r\n$4\r\nPING\r\n', ports=b'\xc3\x50\x1a\x0b'))),  # no decoder
    eth(0x0800, ip(6, tcp(b'\x50\x38', b'HELLO', window_etc=b'\0\0\0\0\0\x07'))),  # urgent
    eth(0x0800, ip(6, tcp(b'\x50\x14', b'reset text'))),                 # RST with data
    eth(0x0800, ip(6, tcp(b'\x50\x18', b'GET / HTTP/1.1\r\n'), opts=b'\x94\x04\0\0', ver_ihl=0x46)),  # IP options
    eth(0x0800, ip(1, b'\x03\x03\0\0\0\0\0\0' + quoted_tcp)),           # tcp port unreachable
    eth(0x0800, ip(1, b'\x03\x03\0\0\0\0\0\0' + ip(47, b'\x82\x5e\x1f\x90' + b'\0' * 4))),
    eth(0x0800, ip(1, b'\x03\x02\0\0\0\0\0\0' + ip(47, b'\x82\x5e\x1f\x90' + b'\0' * 4))),
    eth(0x0800, ip(1, b'\x03\x0d\0\0\0\0\0\0' + quoted_tcp)),           # admin prohibited filter
    eth(0x0800, ip(1, b'\x03\x04\0\0\0\0\0\0' + quoted_tcp)),           # need to frag, no MTU
    eth(0x0800, ip(1, b'\x03\x10\0\0\0\0\0\0' + quoted_tcp)),           # code 16
    eth(0x0800, ip(1, b'\x03\x03\0\0\0\0\0\0' + b'\x45\0\0')),          # truncated quote
    eth(0x0800, ip(1, b'\x03\x03\0\0\0\0\0\0' + ip(17, b'\x82\x5e\x1f\x90' + b'\0' * 4)[:22])),  # quote without dport
    eth(0x0800, ip(1, b'\x03\x03\0\0\0\0\0\0' + b'\x46' + ip(17, b'\x82\x5e\x1f\x90' + b'\0' * 4)[1:])),  # quote ihl 6
    eth(0x0800, ip(1, b'\x0b\x01\0\0\0\0\0\0' + quoted_tcp)),           # reassembly time exceeded
    eth(0x0800, ip(1, b'\x0b\x05\0\0\0\0\0\0' + quoted_tcp)),
    eth(0x0800, ip(1, b'\x05\x01\0\0\x0a\0\0\x01' + quoted_tcp)),       # redirect
    eth(0x0800, ip(1, b'\x0c\x00\0\0\x05\0\0\0' + quoted_tcp)),         # parameter problem
    eth(0x0800, ip(1, b'\x04\x00\0\0\0\0\0\0' + quoted_tcp)),           # source quench
    eth(0x0800, ip(1, b'\x09\x00\0\0\x01\x02\x07\x08' + b'\x0a\0\0\x01\0\0\0\x05')),  # router advertisement
    eth(0x0800, ip(1, b'\x0d\x00\0\0\0\x01\0\x02' + b'\0' * 12)),       # timestamp request
    eth(0x0800, ip(1, b'\x0e\x00\0\0\0\x01\0\x02' + struct.pack('!III', 3600000, 3600001, 86399999))),
    eth(0x0800, ip(1, b'\x12\x00\0\0\0\x01\0\x02' + b'\xff\xff\xff\x00')),  # mask reply
    eth(0x0800, ip(1, b'\x2a\x00\0\0\0\x01\0\x02')),                    # type 42
    eth(0x0800, ip(1, b'\x08\x00\0')),                                  # truncated echo
    eth(0x0800, ip(1, b'\x08')),                                        # one byte of ICMP
    eth(0x0800, ip(1, b'\x08\x00\0\0\x12\x34\x00\x07abc')),             # echo with a bad checksum
    eth(0x0806, arp(1)),                                                # request with target MAC
    eth(0x0806, arp(3)),                                                # reverse request
    eth(0x0806, arp(4)),                                                # reverse reply
    eth(0x0806, arp(8)),                                                # inverse request
    eth(0x0806, arp(9)),                                                # inverse reply
    eth(0x0806, arp(10)),                                               # NACK: hex dump
    eth(0x0806, arp(1, hw=b'\0\x06')),                                  # IEEE 802 hardware
    eth(0x0806, arp(1, pro=b'\x86\xdd')),                               # IPv6 protocol type
    eth(0x0806, arp(1, body=b'\x0a\0\0\x02\x0a\0\0\x05', hln=b'\0')),    # no hardware address
    eth(0x0806, arp(2, body=b'\x02\x42\x0a\0\x0a\0\0\x02\x02\x42\x0a\0\x0a\0\0\x05', hln=b'\x04')),
    eth(0x0806, arp(1)[:12]),                                           # truncated ARP
    eth(0x0806, arp(2) + b'\0' * 18),                                   # padded to 60 bytes
    eth(0x0800, ip(17, b'\x9c\x40\x12\xb5\x00\x0c\0\0' + b'\x08\0\0\0')),  # VXLAN too short
    eth(0x0800, ip(17, b'\x9c\x40\x12\xb5\x00\x18\0\0' + b'\x00\0\0\0\0\x10\0\0' + b'\xff' * 8)),  # no I flag
    eth(0x0800, ip(17, b'\x9c\x40\x12\xb5\x00\x10\0\0' + b'\x08\0\0\0\xff\xff\xff\0')),  # empty inner frame
    eth(0x0800, ip(17, b'\x9c\x40\x12\xb5\x00\x18\0\0' + b'\x08\0\0\0\0\x10\0', tl=52)),  # cut in the VXLAN header
    eth(0x0800, ip(17, b'\x9c\x40\x21\x18\x00\x10\0\0' + b'\x08\0\0\0\0\x10\0\0')),  # port 8472: OTV
    eth(0x0800, ip(17, b'\x9c\x40\x21\x18\x00\x10\0\0' + b'\x00\0\0\0\0\x10\0\0')),
    eth(0x0800, ip(17, b'\x9c\x40\x21\x18\x00\x0c\0\0' + b'\x08\0\0\0')),
    b'\x02\x42\x0a\0\0\x05\x02\x42',                                    # shorter than an Ethernet header
]

with open('malformed.pcap', 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    for i, frame in enumerate(F):
        f.write(struct.pack('<IIII', 1700000000 + i, i, len(frame), len(frame)))
        f.write(frame)
