#!/usr/bin/python3
"""Accepts one TCP connection on ADDRESS PORT and writes the peer's address to OUTFILE, so a test
can see which source address arrived (masqueraded or not). Gives up after 20 seconds.

    tcp-peer.py ADDRESS PORT OUTFILE
"""
import socket
import sys

address, port, outfile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
server = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((address, port))
server.listen(1)
server.settimeout(20)
connection, peer = server.accept()
with open(outfile + ".tmp", "w") as out:
    out.write(peer[0])
import os
os.rename(outfile + ".tmp", outfile)
connection.close()
