#!/bin/sh
# Regenerates the golden bytes from what nft (nftables 1.0.6, Debian 12) sends and receives.
# Run by hand as root; the tests only read the .hex files. Everything happens in a scratch namespace.
set -eu
cd "$(dirname "$0")"
ns=nfcapture$$
ip netns add $ns
trap 'ip netns del $ns' EXIT
ip netns exec $ns strace -e trace=sendmsg -e write=3 -o t nft -f masquerade.nft && ./strace-to-hex.py t > masquerade.hex
ip netns exec $ns strace -e trace=sendto,recvmsg -e write=3 -e read=3 -o t nft -a list chain inet cni_plugins_masquerade masq_checks >/dev/null \
    && ./strace-to-hex.py t 0a07 > list-rules.hex  # the GETRULE dump and its reply
ip netns exec $ns strace -e trace=sendmsg -e write=3 -o t nft -f spoofcheck.nft && ./strace-to-hex.py t > spoofcheck.hex
ip netns exec $ns nft flush chain bridge nat cni-br-iface-cid-eth0-mac
ip netns exec $ns strace -e trace=sendmsg -e write=3 -o t nft -f delete.nft 2>/dev/null || true
./strace-to-hex.py t > delete.hex
rm -f t
