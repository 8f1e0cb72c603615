#!/usr/bin/env python3
"""SMTP load with STARTTLS for bench/relay.sh's S/MIME mode (stdlib only).

smtp-source cannot speak STARTTLS, and SMGW's tenant (submission) listener refuses MAIL before
it, so the outbound sign+encrypt load is sent by this client: --sessions threads, each opening a
connection (STARTTLS when --starttls; the certificate is not checked — the gateway's is
self-signed on a bench run), sending messages one after another on it (--per-connection, then a
new connection), until --messages messages have been sent in all. Message shape as smtp-source
(-l SIZE): headers, then SIZE bytes of 76-character lines. Prints a JSON line
{"sent": n, "accepted": n, "errors": n, "seconds": s}; exit 1 when any message was not accepted.
"""
import argparse, itertools, json, smtplib, socket, ssl, sys, threading, time

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--messages", type=int, required=True)
    ap.add_argument("--per-connection", type=int, default=100)
    ap.add_argument("--size", type=int, default=10240)
    ap.add_argument("--sender", required=True)
    ap.add_argument("--rcpt", required=True)
    ap.add_argument("--starttls", action="store_true")
    ap.add_argument("--tag", default="load")
    ap.add_argument("--body-file", help="send this prepared message (headers and body) instead of a generated one")
    a = ap.parse_args()

    prepared = None
    if a.body_file:
        with open(a.body_file, "rb") as f:
            prepared = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    line = ("x" * 76 + "\r\n").encode()
    payload = (line * (a.size // len(line) + 1))[: a.size]
    payload = payload[: payload.rfind(b"\r\n") + 2]
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    numbers = itertools.count(1)
    lock = threading.Lock()
    totals = {"sent": 0, "accepted": 0, "errors": 0}
    failures = []

    def next_number():
        with lock:
            n = next(numbers)
            return n if n <= a.messages else None

    def worker():
        n = next_number()
        while n is not None:
            try:
                s = smtplib.SMTP(a.host, a.port, timeout=300)
                s.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                s.ehlo("load.bench.test")
                if a.starttls:
                    s.starttls(context=context)
                    s.ehlo("load.bench.test")
                for _ in range(a.per_connection):
                    head = (f"Message-ID: <{a.tag}.{n}@bench.test>\r\n").encode() if prepared else (
                        f"From: <{a.sender}>\r\nTo: <{a.rcpt}>\r\nSubject: {a.tag} {n}\r\n"
                        f"Message-ID: <{a.tag}.{n}@bench.test>\r\n\r\n").encode()
                    with lock:
                        totals["sent"] += 1
                    try:
                        s.sendmail(a.sender, [a.rcpt], head + (prepared if prepared else payload))
                        with lock:
                            totals["accepted"] += 1
                    except smtplib.SMTPException as e:
                        with lock:
                            totals["errors"] += 1
                            failures.append(f"message {n}: {e}")
                        s.rset()
                    n = next_number()
                    if n is None:
                        break
                try:
                    s.quit()
                except smtplib.SMTPException:
                    pass
            except (OSError, smtplib.SMTPException) as e:
                with lock:
                    totals["errors"] += 1
                    failures.append(f"connection: {e}")
                n = next_number()

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(a.sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    totals["seconds"] = round(time.monotonic() - t0, 3)
    for f in failures[:5]:
        print(f"load.py: {f}", file=sys.stderr)
    print(json.dumps(totals))
    sys.exit(1 if totals["errors"] else 0)

if __name__ == "__main__":
    main()
