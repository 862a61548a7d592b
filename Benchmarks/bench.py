#!/usr/bin/python3
"""swift-cni against Debian's Go reference plugins, measured in the same run, interleaved.

    Benchmarks/bench.py BUILD_DIR [--runs N] [--json FILE]

BUILD_DIR holds our release binaries (cni-plugins, cnitool). Every figure alternates ours and
Go's call by call, so drift (CPU frequency, page cache) hits both alike. Prints a table with the
median, the spread (p10-p90) and the ratio ours/Go, and writes the same as JSON.
Traffic: none leaves the namespaces made here; subnets 10.250.x.0/24; ip_forward is restored.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

GO = "/usr/lib/cni"


def run_plugin(binary, command, config, netns="", ifname="eth0", container="bench", path=""):
    """Runs one plugin call; returns (milliseconds, stdout) and fails loudly."""
    env = dict(os.environ, CNI_COMMAND=command, CNI_CONTAINERID=container, CNI_NETNS=netns,
               CNI_IFNAME=ifname, CNI_PATH=path or os.path.dirname(binary))
    start = time.perf_counter_ns()
    process = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = process.communicate(config.encode())
    elapsed = (time.perf_counter_ns() - start) / 1e6
    if process.returncode != 0:
        raise RuntimeError(f"{binary} {command} failed: {out.decode()} {err.decode()}")
    return elapsed, out


def rss_of(binary, command, config, **kwargs):
    """Peak resident memory (KiB) of one plugin process, as GNU time reports it (its own child is
    a tiny C process until exec, so nothing of Python's memory is counted)."""
    env = dict(os.environ, CNI_COMMAND=command, CNI_CONTAINERID=kwargs.get("container", "bench"),
               CNI_NETNS=kwargs.get("netns", ""), CNI_IFNAME="eth0", CNI_PATH=kwargs.get("path", os.path.dirname(binary)))
    process = subprocess.run(["/usr/bin/time", "-f", "%M", binary], input=config.encode(), env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return int(process.stderr.decode().strip().splitlines()[-1])


def sh(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summary(samples):
    samples = sorted(samples)
    # Under 10 samples, the spread shown is the whole range.
    q = statistics.quantiles(samples, n=10) if len(samples) >= 10 else [samples[0]] * 8 + [samples[-1]]
    return {"median": statistics.median(samples), "p10": q[0], "p90": q[-1], "n": len(samples)}


class Bench:
    def __init__(self, build, runs):
        self.runs = runs
        self.work = tempfile.mkdtemp(prefix="swiftcni-bench-")
        self.ours = os.path.join(self.work, "ours")
        os.makedirs(self.ours)
        for name in ["bridge", "host-local", "loopback"]:
            os.symlink(os.path.join(build, "cni-plugins"), os.path.join(self.ours, name))
        self.build = build
        self.rows = []
        with open("/proc/sys/net/ipv4/ip_forward") as f:
            self.forwarding = f.read()

    def close(self):
        with open("/proc/sys/net/ipv4/ip_forward", "w") as f:
            f.write(self.forwarding)
        subprocess.run(["rm", "-rf", self.work])

    def side(self, ours):
        return self.ours if ours else GO

    def record(self, figure, unit, ours, go, note=""):
        row = {"figure": figure, "unit": unit, "ours": ours, "go": go,
               "ratio": ours["median"] / go["median"] if go["median"] else None, "note": note}
        self.rows.append(row)
        print(f"{figure:44} {ours['median']:9.2f} {go['median']:9.2f} {row['ratio']:7.2f}   "
              f"ours {ours['p10']:.2f}-{ours['p90']:.2f}  Go {go['p10']:.2f}-{go['p90']:.2f} {unit}", flush=True)

    def interleaved(self, measure):
        ours, go = [], []
        for _ in range(self.runs):
            ours.append(measure(True))
            go.append(measure(False))
        return summary(ours), summary(go)

    # The figures.

    def startup(self):
        config = '{"cniVersion":"1.0.0"}'
        ours, go = self.interleaved(lambda o: run_plugin(os.path.join(self.side(o), "loopback"), "VERSION", config)[0])
        self.record("start-up (VERSION)", "ms", ours, go)

    def sizes(self):
        # Installed size: stripped, as `make install` installs it (Debian's binaries are stripped).
        stripped = os.path.join(self.work, "cni-plugins.stripped")
        subprocess.run(["strip", "-o", stripped, os.path.join(self.build, "cni-plugins")], check=True)
        ours = os.path.getsize(stripped)
        go_bridge = os.path.getsize(os.path.join(GO, "bridge"))
        go_all = sum(os.path.getsize(os.path.join(GO, n)) for n in os.listdir(GO))
        one = {"median": ours / 1e6, "p10": ours / 1e6, "p90": ours / 1e6, "n": 1}
        self.record("binary size: one plugin (bridge)", "MB", one, {"median": go_bridge / 1e6, "p10": 0, "p90": 0, "n": 1},
                    "ours is one binary holding every plugin")
        self.record("binary size: all plugins installed", "MB", one, {"median": go_all / 1e6, "p10": 0, "p90": 0, "n": 1},
                    f"Go: {len(os.listdir(GO))} binaries")

    def loopback_add(self):
        config = '{"cniVersion":"1.0.0","name":"bench","type":"loopback"}'
        def measure(ours):
            name = f"bench-lo-{os.getpid()}"
            sh("ip", "netns", "add", name)
            try:
                return run_plugin(os.path.join(self.side(ours), "loopback"), "ADD", config, netns=f"/var/run/netns/{name}")[0]
            finally:
                sh("ip", "netns", "del", name)
        ours, go = self.interleaved(measure)
        self.record("loopback ADD", "ms", ours, go)

    def bridge_config(self, ours, data):
        bridge = "benchbr0" if ours else "benchbr1"
        return json.dumps({"cniVersion": "1.0.0", "name": "bench", "type": "bridge", "bridge": bridge, "isGateway": True,
                           "ipam": {"type": "host-local", "dataDir": data, "ranges": [[{"subnet": "10.250.90.0/24" if ours else "10.250.91.0/24"}]]}})

    def bridge_add_del(self):
        adds, dels, rss = {True: [], False: []}, {True: [], False: []}, {True: [], False: []}
        for i in range(self.runs):
            for ours in (True, False):
                name = f"bench-br-{os.getpid()}"
                data = os.path.join(self.work, "ipam-ours" if ours else "ipam-go")
                config = self.bridge_config(ours, data)
                binary = os.path.join(self.side(ours), "bridge")
                sh("ip", "netns", "add", name)
                try:
                    elapsed, _ = run_plugin(binary, "ADD", config, netns=f"/var/run/netns/{name}", container=f"c{i}")
                    adds[ours].append(elapsed)
                    elapsed, _ = run_plugin(binary, "DEL", config, netns=f"/var/run/netns/{name}", container=f"c{i}")
                    dels[ours].append(elapsed)
                    if i < 5:
                        rss[ours].append(rss_of(binary, "ADD", config, netns=f"/var/run/netns/{name}", container=f"r{i}"))
                        run_plugin(binary, "DEL", config, netns=f"/var/run/netns/{name}", container=f"r{i}")
                finally:
                    sh("ip", "netns", "del", name)
        self.record("bridge+host-local ADD", "ms", summary(adds[True]), summary(adds[False]))
        self.record("bridge+host-local DEL", "ms", summary(dels[True]), summary(dels[False]))
        self.record("peak RSS of bridge during ADD", "MiB", summary([r / 1024 for r in rss[True]]),
                    summary([r / 1024 for r in rss[False]]), "the bridge process, not its host-local child")
        for name in ("benchbr0", "benchbr1"):
            subprocess.run(["ip", "link", "del", name], stderr=subprocess.DEVNULL)

    def host_local_10k(self):
        def populate(directory):
            net = os.path.join(directory, "bench")
            os.makedirs(net)
            count = 0
            for a in range(0, 40):
                for b in range(0, 256):
                    if count >= 10000:
                        break
                    if (a, b) in ((0, 0), (0, 1)):
                        continue
                    with open(os.path.join(net, f"10.20.{a}.{b}"), "w") as f:
                        f.write(f"filler-{count}\r\neth0")
                    count += 1
            with open(os.path.join(net, "last_reserved_ip.0"), "w") as f:
                f.write(f"10.20.{a}.{b - 1}")
        data = {o: os.path.join(self.work, f"hl10k-{'ours' if o else 'go'}") for o in (True, False)}
        for directory in data.values():
            populate(directory)
        def measure(ours):
            config = json.dumps({"cniVersion": "1.0.0", "name": "bench", "ipam": {"type": "host-local", "dataDir": data[ours],
                                 "ranges": [[{"subnet": "10.20.0.0/16"}]]}})
            binary = os.path.join(self.side(ours), "host-local")
            elapsed, _ = run_plugin(binary, "ADD", config, container="new", netns="/var/run/netns/unused")
            run_plugin(binary, "DEL", config, container="new", netns="/var/run/netns/unused")
            return elapsed
        run_plugin(os.path.join(self.side(True), "host-local"), "DEL", netns="/var/run/netns/unused", config='{"cniVersion":"1.0.0","name":"bench","ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"10.20.0.0/16"}]]}}' % data[True], container="warm")
        ours, go = self.interleaved(measure)
        self.record("host-local ADD, 10,000 existing leases", "ms", ours, go)

    def netlink_floor(self):
        """The netlink issue's figure: one interface set up in-process by our RouteNetlink, against
        a minimal C program doing the same system calls (the floor). Its second column is the C
        floor, not Go. Runs when BUILD_DIR holds netlink-benchmark and floor (`make bench` builds both)."""
        program, floor = os.path.join(self.build, "netlink-benchmark"), os.path.join(self.build, "floor")
        if not (os.path.exists(program) and os.path.exists(floor)):
            print("(netlink figure skipped: no netlink-benchmark/floor in the build directory)")
            return
        output = subprocess.run([program, "--floor", floor, "--no-ptp", "--iterations", str(self.runs)],
                                check=True, capture_output=True, text=True).stdout
        rows = {}
        for line in output.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 5 and cells[1].replace(".", "", 1).isdigit():
                rows[cells[0]] = {"median": float(cells[1]), "p10": float(cells[2]), "p90": float(cells[3]), "n": self.runs}
        ours = next(v for k, v in rows.items() if k.startswith("swift-cni"))
        floor_row = next(v for k, v in rows.items() if k.startswith("C floor"))
        self.record("netlink setup in-process (2nd column: C floor)", "ms", ours, floor_row,
                    "veth pair, 4 addresses, 4 routes across two namespaces; Benchmarks/netlink")

    def hundred_containers(self, rounds=3):
        """100 cnitool ADDs on one network, 10 at a time; `rounds` rounds, ours and Go alternating."""
        walls, failures = {True: [], False: []}, {True: 0, False: 0}
        for _ in range(rounds):
            for ours in (True, False):
                wall, failed = self.hundred_containers_once(ours)
                walls[ours].append(wall)
                failures[ours] += failed
        self.record("100 containers, 10 at a time (wall)", "s", summary(walls[True]), summary(walls[False]),
                    f"{rounds} rounds; failures ours {failures[True]}, Go {failures[False]}")

    def hundred_containers_once(self, ours):
        side = "ours" if ours else "go"
        netdir = os.path.join(self.work, f"net-{side}")
        os.makedirs(netdir, exist_ok=True)
        data = os.path.join(self.work, f"ipam100-{side}")
        with open(os.path.join(netdir, "bench.conflist"), "w") as f:
            json.dump({"cniVersion": "1.0.0", "name": "bench100", "plugins": [
                {"type": "loopback"},
                {"type": "bridge", "bridge": "bench100", "ipam": {"type": "host-local", "dataDir": data,
                 "ranges": [[{"subnet": "10.250.92.0/24"}]]}}]}, f)
        names = [f"b100-{i}" for i in range(100)]
        for n in names:
            sh("ip", "netns", "add", n)
        env = dict(os.environ, NETCONFPATH=netdir, CNI_PATH=self.side(ours), CNI_CACHE_DIR=os.path.join(self.work, "cache"))
        start = time.perf_counter()
        # 10 at a time: xargs -P 10.
        process = subprocess.run(
            ["xargs", "-P", "10", "-I{}", os.path.join(self.build, "cnitool"), "add", "bench100", "/var/run/netns/{}"],
            input="\n".join(names).encode(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        failed = process.stderr.decode().count("Error")
        subprocess.run(["xargs", "-P", "10", "-I{}", os.path.join(self.build, "cnitool"), "del", "bench100", "/var/run/netns/{}"],
                       input="\n".join(names).encode(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for n in names:
            sh("ip", "netns", "del", n)
        subprocess.run(["ip", "link", "del", "bench100"], stderr=subprocess.DEVNULL)
        return wall, failed

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", default="bench-results.json")
    args = parser.parse_args()
    bench = Bench(os.path.abspath(args.build), args.runs)
    print(f"{'figure':44} {'ours':>9} {'Go':>9} {'ours/Go':>7}   spread (p10-p90)")
    try:
        for figure in (bench.startup, bench.sizes, bench.loopback_add, bench.bridge_add_del, bench.host_local_10k,
                       bench.hundred_containers, bench.netlink_floor):
            figure()
    finally:
        bench.close()
    with open(args.json, "w") as f:
        json.dump(bench.rows, f, indent=2)
    print(f"\nwritten: {args.json}")


if __name__ == "__main__":
    sys.exit(main())
