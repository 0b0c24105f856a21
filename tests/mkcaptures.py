#!/usr/bin/env python3
"""mkcaptures.py - capture fixtures for the timestamp tests (standard library only).
  mkcaptures.py pcap2038 FILE N         classic pcap, N TCP SYNs stamped from 2040-01-01
                                        (seconds past 2^31: the 32-bit field is unsigned)
  mkcaptures.py pcapng-huge FILE N I    pcapng (ns resolution), N SYNs from 2017-07-14, the
                                        I-th stamped 2^63 + 12345 ns (an impossible time)
  mkcaptures.py csv-huge FILE N I       CSV epoch log (ts,src,dst,proto,sport,dport), the
                                        I-th row at 1.0e10 s (past 2262)
"""
import struct
import sys


def frame(i):
    """Ethernet + IPv4 + TCP SYN from 61.0.x.y to 203.0.113.5:23."""
    src = bytes([61, 0, (i >> 8) & 255, i & 255])
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 40, 0, 0, 64, 6, 0, src, bytes([203, 0, 113, 5]))
    tcp = struct.pack('>HHIIBBHHH', 40000, 23, 0, 0, 0x50, 2, 1024, 0, 0)
    return b'\0' * 12 + b'\x08\x00' + ip + tcp


def pcap2038(path, n):
    t0 = 2208988800  # 2040-01-01T00:00:00Z
    with open(path, 'wb') as out:
        out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i in range(n):
            p = frame(i)
            out.write(struct.pack('<IIII', t0 + i // 100, (i % 100) * 10000, len(p), len(p)) + p)


def block(kind, body):
    body += b'\0' * (-len(body) % 4)
    return struct.pack('<II', kind, len(body) + 12) + body + struct.pack('<I', len(body) + 12)


def pcapng_huge(path, n, bad):
    t0 = 1500000000 * 10**9
    with open(path, 'wb') as out:
        out.write(block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1) + b'\0' * 4))
        tsresol = struct.pack('<HHB', 9, 1, 9) + b'\0' * 3 + b'\0' * 4
        out.write(block(1, struct.pack('<HHI', 1, 0, 65535) + tsresol))
        for i in range(n):
            ts = 2**63 + 12345 if i == bad else t0 + i * 1000000
            p = frame(i)
            out.write(block(6, struct.pack('<IIIII', 0, ts >> 32, ts & 0xffffffff, len(p),
                                           len(p)) + p))


def csv_huge(path, n, bad):
    with open(path, 'w') as out:
        for i in range(n):
            ts = 1.0e10 if i == bad else 1500000000 + i * 0.001
            out.write('%.3f,61.0.%d.%d,203.0.113.5,TCP,40000,23\n' % (ts, (i >> 8) & 255, i & 255))


if __name__ == '__main__':
    kind, path = sys.argv[1], sys.argv[2]
    args = [int(a) for a in sys.argv[3:]]
    {'pcap2038': pcap2038, 'pcapng-huge': pcapng_huge, 'csv-huge': csv_huge}[kind](path, *args)
