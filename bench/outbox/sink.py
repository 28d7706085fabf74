"""A local webhook sink for bench/outbox: answers every POST with 200 at once, over HTTP/1.1 keep-alive, one thread per
connection. It counts what it received and prints the count when stopped. Usage: sink.py PORT"""
import signal, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

received = 0

class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global received
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        received += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink)
server.daemon_threads = True
signal.signal(signal.SIGTERM, lambda *_: (print(f"sink received {received}", flush=True), sys.exit(0)))
server.serve_forever()
