#!/usr/bin/env python3
"""Accept-latency probe for bench/relay.sh (stdlib only).

Sends SIZE-byte messages one after another over one SMTP connection and times, for each, the
interval from writing the end-of-DATA marker (CRLF.CRLF) to reading the server's reply: the
"accept latency" (the server's durable commit + reply). The body is written first and the
clock starts only when the final ".\r\n" is written, so the transfer of the body is not counted.

Stops after --max messages, or as soon as the process --stop-pid has exited (the load is over),
or after --timeout seconds. Writes one latency (seconds) per line to --out and prints a JSON
summary line {"sent": n, "accepted": n, "p50": s, "p99": s} on stdout.
"""
import argparse, json, os, smtplib, socket, sys, time

def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))  # nearest-rank
    return s[k]

def alive(pid):
    if pid is None:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1].split()[0] != "Z"
    except OSError:
        return False

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--sender", default="probe@remote.example")
    ap.add_argument("--rcpt", required=True)
    ap.add_argument("--size", type=int, default=10240)
    ap.add_argument("--max", type=int, default=300)
    ap.add_argument("--stop-pid", type=int)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--out", required=True)
    ap.add_argument("--starttls", action="store_true", help="STARTTLS first (certificate not checked)")
    a = ap.parse_args()

    line = ("x" * 76 + "\r\n").encode()
    payload = (line * (a.size // len(line) + 1))[: a.size]
    payload = payload[: payload.rfind(b"\r\n") + 2]
    lat, sent, errors = [], 0, 0
    deadline = time.monotonic() + a.timeout
    s = smtplib.SMTP(a.host, a.port, timeout=120)
    # Without TCP_NODELAY the small final ".\r\n" write waits (Nagle) for the ACK of the body,
    # which the server's delayed ACK holds back ~40 ms: that would be measured, not the server.
    s.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.ehlo("probe.bench.test")
    if a.starttls:
        import ssl
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        s.starttls(context=context)
        s.ehlo("probe.bench.test")
    try:
        while sent < a.max and alive(a.stop_pid) and time.monotonic() < deadline:
            sent += 1
            head = (f"From: <{a.sender}>\r\nTo: <{a.rcpt}>\r\nSubject: probe {sent}\r\n"
                    f"Message-ID: <probe.{os.getpid()}.{sent}@bench.test>\r\n\r\n").encode()
            code, _ = s.mail(a.sender)
            if code != 250:
                errors += 1; s.rset(); continue
            code, _ = s.rcpt(a.rcpt)
            if code not in (250, 251):
                errors += 1; s.rset(); continue
            code, _ = s.docmd("DATA")
            if code != 354:
                errors += 1; s.rset(); continue
            s.send(head + payload)
            t0 = time.perf_counter()
            s.send(b".\r\n")
            code, _ = s.getreply()
            t1 = time.perf_counter()
            if code == 250:
                lat.append(t1 - t0)
            else:
                errors += 1
    finally:
        try:
            s.quit()
        except Exception:
            pass
    with open(a.out, "w") as f:
        f.writelines(f"{x:.6f}\n" for x in lat)
    print(json.dumps({"sent": sent, "accepted": len(lat), "errors": errors,
                      "p50": pct(lat, 50), "p99": pct(lat, 99)}))

if __name__ == "__main__":
    main()
