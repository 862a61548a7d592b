#!/usr/bin/python3
"""One TCP exchange for tests, bound to the address given (never a wildcard unless asked).

    tcp-once.py serve ADDRESS PORT OUTFILE   accept one connection, write what it sent to OUTFILE
    tcp-once.py send ADDRESS PORT TEXT        connect, send TEXT, close
Both give up after 10 seconds.
"""
import socket
import sys

mode, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
if mode == "serve":
    server = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((address, port))
    server.listen(1)
    server.settimeout(10)
    connection, peer = server.accept()
    connection.settimeout(10)
    data = b""
    while True:
        chunk = connection.recv(4096)
        if not chunk:
            break
        data += chunk
    with open(sys.argv[4], "wb") as out:
        out.write(data)
else:
    client = socket.create_connection((address, port), timeout=10)
    client.sendall(sys.argv[4].encode())
    client.close()
