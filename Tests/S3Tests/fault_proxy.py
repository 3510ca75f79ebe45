"""A fault-injecting HTTP proxy for the S3 retry tests, on a free 127.0.0.1 port.

    fault_proxy.py check                          prints "ok"
    fault_proxy.py serve INFO UPSTREAM_PORT PLAN  serves until the parent process is gone

PLAN is a comma list of what happens to the first requests, in arrival order: `503`
(an S3 ServiceUnavailable answer), `slowdown` (503 SlowDown), `drop` (the connection closed
without an answer), `pass` (forwarded). Requests after the plan are forwarded. Forwarded
requests go to 127.0.0.1:UPSTREAM_PORT unchanged but for `Connection: close`, so the
signature (which covers the Host header the client sent) still holds. INFO gets
{"port"}; INFO.log gets one line per request: its action, method and path.
"""
import json
import os
import socket
import socketserver
import sys
import threading
import time

lock = threading.Lock()
state = {"count": 0}


def read_request(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None, None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None, None
        rest += chunk
    return head, rest[:length]


def with_connection_close(head):
    lines = [l for l in head.split(b"\r\n") if not l.lower().startswith(b"connection:")]
    return b"\r\n".join(lines + [b"Connection: close"])


def error_answer(code, message):
    body = f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()
    return (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        head, body = read_request(self.request)
        if head is None:
            return
        with lock:
            index = state["count"]
            state["count"] += 1
        action = self.server.plan[index] if index < len(self.server.plan) else "pass"
        request_line = head.split(b"\r\n", 1)[0].decode(errors="replace")
        with lock, open(self.server.log_path, "a") as log:
            log.write(f"{action} {request_line}\n")
        if action == "drop":
            self.request.shutdown(socket.SHUT_RDWR)
            return
        if action == "503":
            self.request.sendall(error_answer("ServiceUnavailable", "Please reduce your request rate."))
            return
        if action == "slowdown":
            self.request.sendall(error_answer("SlowDown", "Please reduce your request rate."))
            return
        upstream = socket.create_connection(("127.0.0.1", self.server.upstream_port))
        upstream.sendall(with_connection_close(head) + b"\r\n\r\n" + body)
        answer = b""
        while True:
            chunk = upstream.recv(65536)
            if not chunk:
                break
            answer += chunk
        upstream.close()
        answer_head, _, answer_body = answer.partition(b"\r\n\r\n")
        self.request.sendall(with_connection_close(answer_head) + b"\r\n\r\n" + answer_body)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(info_path, upstream_port, plan):
    server = Server(("127.0.0.1", 0), Handler)
    server.upstream_port = upstream_port
    server.plan = [p for p in plan.split(",") if p]
    server.log_path = info_path + ".log"
    open(server.log_path, "w").close()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tmp = info_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"port": server.server_address[1]}, f)
    os.replace(tmp, info_path)
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["check"]:
        print("ok")
    elif sys.argv[1:2] == ["serve"] and len(sys.argv) == 5:
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit("usage: fault_proxy.py check | serve INFO UPSTREAM_PORT PLAN")
