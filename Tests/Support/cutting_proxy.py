#!/usr/bin/python3
"""A TCP relay on 127.0.0.1 that plays a server dying in the middle of a reply.

It forwards every connection to --upstream HOST:PORT. Once the client has sent a line holding
--after (default " BODY[]", an IMAP fetch of a whole message), it relays only --keep bytes more
of the server's reply and then closes both sides, as a crashed server would. It prints
"READY <port>" once it listens, and exits when its standard input closes.
"""
import argparse
import asyncio
import sys


async def pipe(reader, writer, budget=None):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if budget is not None:
                if budget["armed"]:
                    data = data[: budget["left"]]
                    budget["left"] -= len(data)
                writer.write(data)
                await writer.drain()
                if budget["armed"] and budget["left"] <= 0:
                    budget["cut"].set()
                    break
            else:
                writer.write(data)
                await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass


async def handle(client_reader, client_writer, options):
    host, port = options.upstream.rsplit(":", 1)
    server_reader, server_writer = await asyncio.open_connection(host, int(port))
    budget = {"armed": False, "left": options.keep, "cut": asyncio.Event()}
    trigger = options.after.encode()

    async def client_to_server():
        buffered = b""
        try:
            while True:
                data = await client_reader.read(65536)
                if not data:
                    break
                buffered = (buffered + data)[-4096:]
                if trigger in buffered:
                    budget["armed"] = True
                server_writer.write(data)
                await server_writer.drain()
        except ConnectionError:
            pass

    upward = asyncio.ensure_future(client_to_server())
    downward = asyncio.ensure_future(pipe(server_reader, client_writer, budget))
    await asyncio.wait([upward, downward, asyncio.ensure_future(budget["cut"].wait())], return_when=asyncio.FIRST_COMPLETED)
    for writer in (client_writer, server_writer):
        try:
            writer.transport.abort()
        except Exception:
            pass
    upward.cancel()
    downward.cancel()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--after", default=" BODY[]")
    parser.add_argument("--keep", type=int, default=300)
    options = parser.parse_args()
    server = await asyncio.start_server(lambda r, w: handle(r, w, options), "127.0.0.1", 0)
    print(f"READY {server.sockets[0].getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    await stdin_closed


if __name__ == "__main__":
    asyncio.run(main())
