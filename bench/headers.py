#!/usr/bin/env python3
"""bench/headers.py — cost of large folded header fields (issue F2 §3), SMGW all-in-one.

Starts the Release build of the all-in-one (temp data directory, free loopback ports) and a
Postfix smtp-sink (-u nobody) as the tenant's server, then for each size sends, one at a time:
  header    a message whose one header field of SIZE octets is folded over 72-octet lines
  reference the same octets as 72-octet body lines under a small header (same message size)
and measures end of DATA -> reply, and end of DATA -> the workflow recorded delivery (queue API,
polled every 10 ms). The ratio header/reference in the same run is the figure; sizes beyond
Smgw:Smtp:MaxHeaderField (102400) are expected to be refused during DATA (552 5.3.4).

  python3 bench/headers.py [--repeat 3]      (as root, from the repository root, after a Release build)
"""
import argparse, json, os, socket, subprocess, sys, tempfile, time, urllib.request

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def smtp(port, message):
    s = socket.create_connection(("127.0.0.1", port)); f = s.makefile("rwb")
    def reply():
        lines = []
        while True:
            line = f.readline().decode()
            lines.append(line.strip())
            if line[3:4] != "-":
                return lines[-1]
    reply()
    for command in ("EHLO bench.test", "MAIL FROM:<a@outside.example>", "RCPT TO:<clerk@bench.example>", "DATA"):
        f.write((command + "\r\n").encode()); f.flush(); reply()
    try:
        f.write(message + b".\r\n"); f.flush()
    except OSError:
        pass
    started = time.perf_counter()
    answer = reply()
    data_s = time.perf_counter() - started
    try:
        f.write(b"QUIT\r\n"); f.flush()
    except OSError:
        pass
    s.close()
    return answer, data_s, started

def completed(http, queue_id, started, timeout=300):
    while time.perf_counter() - started < timeout:
        with urllib.request.urlopen(f"{http}/api/queue/{queue_id}") as r:
            status = json.load(r)
        if all(x["state"] != "Pending" for x in status["recipients"]):
            return time.perf_counter() - started
        time.sleep(0.01)
    raise SystemExit(f"{queue_id} not done after {timeout}s")

def main():
    args = argparse.ArgumentParser(); args.add_argument("--repeat", type=int, default=3)
    repeat = args.parse_args().repeat
    work = tempfile.mkdtemp(prefix="smgw-headers-"); os.chmod(work, 0o755)
    sink_dir = os.path.join(work, "sink"); os.mkdir(sink_dir); os.chmod(sink_dir, 0o777)
    sink_port, smtp_port, http_port = free_port(), free_port(), free_port()
    sink = subprocess.Popen(["/usr/sbin/smtp-sink", "-u", "nobody", "127.0.0.1:%d" % sink_port, "100"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, Smgw__DataDirectory=os.path.join(work, "data"), Smgw__Http__Listen=f"http://127.0.0.1:{http_port}",
               Smgw__Smtp__Inbound__Listen=f"127.0.0.1:{smtp_port}", Smgw__Smtp__Submission__Listen=f"127.0.0.1:{free_port()}",
               Smgw__Messenger__Listen=f"127.0.0.1:{free_port()}", Smgw__Cluster__SiloPort=str(free_port()),
               Smgw__Cluster__GatewayPort=str(free_port()), Smgw__Queue__ScanInterval="00:00:01", Logging__LogLevel__Default="Warning")
    gateway = subprocess.Popen(["dotnet", "Silo/bin/Release/net10.0/Smgw.Silo.dll"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    http = f"http://127.0.0.1:{http_port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{http}/health/ready"); break
            except Exception:
                time.sleep(0.1)
        request = urllib.request.Request(f"{http}/api/tenants/bench", method="PUT", headers={"Content-Type": "application/json"},
                                         data=json.dumps({"domains": ["bench.example"], "internalServer": f"127.0.0.1:{sink_port}"}).encode())
        urllib.request.urlopen(request)
        line = b" " + b"a" * 69 + b"\r\n"
        head = b"From: a@outside.example\r\nTo: clerk@bench.example\r\nSubject: headers bench\r\n"
        print("commit", subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
              time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        print(f"{'size':>8} {'shape':>9} {'reply':>28} {'data s':>8} {'done s':>8}")
        for size in (25_600, 51_200, 102_000, 1_000_000, 2_000_000):
            lines = size // len(line)
            for shape, message in (("header", head + b"X-Long: start\r\n" + line * lines + b"\r\nbody\r\n"),
                                   ("reference", head + b"X-Short: start\r\n\r\n" + line * lines)):
                for _ in range(repeat):
                    answer, data_s, started = smtp(smtp_port, message)
                    done = completed(http, answer.split()[-1], started) if answer.startswith("250") else float("nan")
                    print(f"{size:>8} {shape:>9} {answer[:28]:>28} {data_s:8.3f} {done:8.3f}")
    finally:
        gateway.terminate(); gateway.wait(30); sink.terminate()

if __name__ == "__main__":
    main()
