#!/usr/bin/python3
"""A local SMTP server for MotCua's tests and demo (Debian's python3-aiosmtpd, installed by scripts/setup.sh).

Writes every message it accepts, as received (RFC 5322 bytes), to <dir>/<n>.eml, and answers as a real server would
for recipients whose local part asks for it, so tests can prove retries and refusals:
  fail-4xx...@any  -> 451 4.3.0 at RCPT, always (a temporary failure)
  fail-5xx...@any  -> 550 5.1.1 at RCPT, always (mailbox unavailable: a refusal)
  retry-N...@any   -> 451 4.3.0 for the first N RCPTs of that address, then accepted
The answer to a message names the file and the SMTP session (connection) that carried it, so a client's reuse of its
connections shows: "250 2.0.0 Ok: queued as 000001 in session 1".
With --user and --password the server asks for AUTH PLAIN/LOGIN (over plain TCP: a local sink, never a relay).
Prints "ready <host>:<port>" on stdout once it listens; stops on SIGTERM or SIGINT.

Usage: scripts/smtp_sink.py --port 2525 --dir .motcua/mail [--host 127.0.0.1] [--user U --password P]
"""
import argparse
import itertools
import logging
import os
import re
import signal
import sys
import threading
import warnings
from collections import Counter

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.numbers = itertools.count(len([f for f in os.listdir(folder) if f.endswith(".eml")]) + 1)
        self.refusals = Counter()
        self.sessions = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("fail-5xx"):
            return "550 5.1.1 Mailbox unavailable: " + address
        if local.startswith("fail-4xx"):
            return "451 4.3.0 Mailbox temporarily unavailable: " + address
        retry = re.match(r"retry-(\d+)", local)
        if retry:
            with self.lock:
                self.refusals[address] += 1
                if self.refusals[address] <= int(retry.group(1)):
                    return "451 4.3.0 Try again later: " + address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            number = next(self.numbers)
            if not hasattr(session, "number"):
                session.number = next(self.sessions)
        name = "%06d.eml" % number
        temporary = os.path.join(self.folder, "." + name + ".tmp")
        # Written whole then renamed: a reader never sees half a message.
        with open(temporary, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(temporary, os.path.join(self.folder, name))
        return "250 2.0.0 Ok: queued as %06d in session %d" % (number, session.number)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    options = parser.parse_args()
    os.makedirs(options.dir, exist_ok=True)

    # The sink is local and plain by design; aiosmtpd's warnings about AUTH without TLS say nothing new here.
    warnings.filterwarnings("ignore", category=UserWarning, module="aiosmtpd")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    extra = {}
    if options.user:
        def authenticate(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login.decode() == options.user \
                and data.password.decode() == options.password
            return AuthResult(success=ok)
        extra = dict(authenticator=authenticate, auth_required=True, auth_require_tls=False)

    controller = Controller(Sink(options.dir), hostname=options.host, port=options.port,
                            enable_SMTPUTF8=True, **extra)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready %s:%d" % (options.host, options.port), flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
