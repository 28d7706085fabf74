"""A local webhook sink for bench/outbox: answers every POST with 200 at once, over HTTP/1.1 keep-alive, on one asyncio
loop (no thread per connection, so the sink spends little of the two cores the worker is measured on). It counts what it
received and prints the count when stopped. Usage: sink.py PORT"""
import asyncio, signal, sys

received = 0
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"


class Sink(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport, self.buffer = transport, b""

    def data_received(self, data):
        global received
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            length = 0
            for line in self.buffer[:end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length:]
            received += 1
            self.transport.write(OK)


async def main(port):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    server = await loop.create_server(Sink, "127.0.0.1", port, backlog=1024)
    async with server:
        await stop
    print(f"sink received {received}", flush=True)


asyncio.run(main(int(sys.argv[1])))
