#!/usr/bin/python3
"""Turns `strace -e write=3 -e read=3` output into hex text, one netlink message per line,
each preceded by a comment naming the syscall; the golden tests read these files."""
import re
import struct
import sys

datagrams = []
current = None
for line in open(sys.argv[1]):
    if re.match(r'^(sendmsg|sendto|recvmsg|recvfrom)\(', line):
        current = [line.split('(')[0], b'']
        datagrams.append(current)
    match = re.match(r' \| \w{5}  (.{49})', line)
    if match and current is not None:
        current[1] += bytes.fromhex(match.group(1).replace(' ', ''))
for call, data in datagrams:
    if not data:
        continue
    print(f'# {call}, {len(data)} bytes')
    offset = 0
    while offset + 16 <= len(data):
        length = struct.unpack_from('<I', data, offset)[0]
        print(data[offset:offset + length].hex())
        offset += (length + 3) & ~3
