#!/usr/bin/env python3
"""Capture real rtnetlink dumps from the running kernel as hex, for the unit tests' fixtures
(Tests/UnitTests/Netlink/NetlinkDumpFixtures*.swift).

Independent of the Swift code under test: it sets a namespace up with `ip`/`tc`, then sends plain
dump requests from a raw AF_NETLINK socket inside it and prints every reply datagram, NLMSG_DONE
included, as one hex line per datagram.

    sudo Scripts/capture-netlink-dumps.py            # prints `name: hex` lines
"""
import os, socket, struct, subprocess, sys

NS = "cnicapture"
NS2 = "cnicapture2"

def sh(*args):
    subprocess.run(args, check=True)

def setup():
    for ns in (NS, NS2):
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        sh("ip", "netns", "add", ns)
    ipn = lambda *a: sh("ip", "-n", NS, *a)
    ipn("link", "set", "lo", "up")
    ipn("link", "add", "veth0", "address", "02:00:00:fa:00:01", "type", "veth", "peer", "name", "eth0", "netns", NS2)
    ipn("link", "add", "br0", "address", "02:00:00:fa:00:02", "type", "bridge")
    ipn("link", "add", "p0", "address", "02:00:00:fa:00:03", "type", "veth", "peer", "name", "p1", "address", "02:00:00:fa:00:04")
    ipn("link", "set", "p0", "master", "br0")
    sh("bridge", "-n", NS, "link", "set", "dev", "p0", "hairpin", "on", "isolated", "on")
    ipn("link", "add", "ifb0", "type", "ifb")
    sh("ip", "-n", NS, "tuntap", "add", "dev", "tap0", "mode", "tap")
    ipn("link", "set", "veth0", "alias", "to the container")
    ipn("link", "set", "veth0", "up")
    sh("ip", "-n", NS2, "link", "set", "eth0", "up")
    ipn("addr", "add", "10.250.60.1/24", "dev", "veth0")
    ipn("addr", "add", "fd00:250:60::1/64", "dev", "veth0", "nodad", "noprefixroute")
    ipn("route", "add", "10.250.61.0/24", "via", "10.250.60.254", "metric", "100")
    ipn("route", "add", "10.250.62.0/24", "nexthop", "via", "10.250.60.2", "weight", "1",
        "nexthop", "via", "10.250.60.3", "weight", "2")
    ipn("route", "add", "10.250.63.0/24", "dev", "veth0", "table", "1000")
    ipn("rule", "add", "from", "10.250.60.0/24", "fwmark", "0x10/0xff", "table", "100", "priority", "1000")
    ipn("neigh", "add", "10.250.60.9", "lladdr", "02:00:00:00:00:09", "dev", "veth0", "nud", "permanent")
    sh("tc", "-n", NS, "qdisc", "add", "dev", "p1", "root", "handle", "1:", "tbf", "rate", "1mbit", "burst", "32kb", "latency", "25ms")
    sh("tc", "-n", NS, "qdisc", "add", "dev", "veth0", "ingress")
    sh("tc", "-n", NS, "filter", "add", "dev", "veth0", "parent", "ffff:", "protocol", "all", "u32", "match", "u32", "0", "0",
       "action", "mirred", "egress", "redirect", "dev", "ifb0")

def dump(msg_type, body):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    flags = 0x1 | 0x4 | 0x300  # REQUEST | ACK | DUMP
    s.send(struct.pack("=IHHII", 16 + len(body), msg_type, flags, 1, 0) + body)
    datagrams = []
    while True:
        data = s.recv(65536)
        datagrams.append(data)
        offset, done = 0, False
        while offset < len(data):
            length, kind = struct.unpack_from("=IH", data, offset)
            if kind in (2, 3):
                done = True
            offset += (length + 3) & ~3
        if done:
            return datagrams

def capture():
    ifinfo = lambda family=0: struct.pack("=BxHiII", family, 0, 0, 0, 0)
    tcmsg = lambda index=0, parent=0: struct.pack("=BxxxiIII", 0, index, 0, parent, 0)
    index = socket.if_nametoindex
    dumps = {
        "links": (18, ifinfo()),
        "addresses": (22, struct.pack("=BBBBI", 0, 0, 0, 0, 0)),
        "routes4": (26, struct.pack("=BBBBBBBBI", 2, 0, 0, 0, 0, 0, 0, 0, 0)),
        "routes6": (26, struct.pack("=BBBBBBBBI", 10, 0, 0, 0, 0, 0, 0, 0, 0)),
        "rules4": (34, struct.pack("=BBBBBBBBI", 2, 0, 0, 0, 0, 0, 0, 0, 0)),
        "neighbours4": (30, struct.pack("=BxxxiHBB", 2, 0, 0, 0, 0)),
        "qdiscs": (38, tcmsg()),
        "filters": (46, tcmsg(index("veth0"), 0xFFFF0000)),
    }
    for name, (kind, body) in dumps.items():
        for i, datagram in enumerate(dump(kind, body)):
            print(f"{name}[{i}]: {datagram.hex()}")

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "inside":
        capture()
    else:
        setup()
        try:
            sys.stdout.flush()
            subprocess.run(["ip", "netns", "exec", NS, sys.executable, os.path.abspath(__file__), "inside"], check=True)
        finally:
            for ns in (NS, NS2):
                subprocess.run(["ip", "netns", "del", ns])
