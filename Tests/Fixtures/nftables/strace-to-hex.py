#!/usr/bin/python3
"""Turns `strace -e write=3 -e read=3` output into hex text, one netlink message per line,
each syscall's messages after a comment naming it; the golden tests read these files.

    strace-to-hex.py TRACE [TYPE]   with TYPE (hex nlmsg_type), only the request of that type
                                    and the replies up to the next request"""
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
wanted = int(sys.argv[2], 16) if len(sys.argv) > 2 else None
selected = wanted is None
for call, data in datagrams:
    if not data:
        continue
    if wanted is not None and call.startswith('send'):
        selected = struct.unpack_from('<H', data, 4)[0] == wanted
    if not selected:
        continue
    print(f'# {call}, {len(data)} bytes')
    offset = 0
    while offset + 16 <= len(data):
        length = struct.unpack_from('<I', data, offset)[0]
        print(data[offset:offset + length].hex())
        offset += (length + 3) & ~3
