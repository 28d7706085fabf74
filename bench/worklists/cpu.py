#!/usr/bin/env python3
"""The app's CPU time per worklist request, paired: two builds of the app (say the code before a change and after it)
serve the same database side by side, and every page is requested from each in alternating rounds, so both meet the same
load on a shared machine. CPU is the app process's utime + stime from /proc/<pid>/stat over the round's requests (the
ticks are 10 ms, so a round is many requests); wall-clock times are kept for the HTTP median and p95.

Usage: bench/worklists/cpu.py NAME=URL=PID [NAME=URL=PID ...] [--rounds R] [--per-round N] [--paths api|page|both]
Prints, per officer and list, each app's CPU ms per request (median over rounds) and HTTP p50/p95, then the ratios.
"""
import argparse, http.cookiejar, os, re, statistics, sys, time, urllib.parse, urllib.request

OFFICERS = ["tiepnhan.thuanhoa", "congchuc.thuanhoa", "lanhdao.thuanhoa", "tiepnhan.trungtam", "truongphong.trungtam", "lanhdao.trungtam"]
LISTS = ["mine", "department", "due-soon", "overdue", "waiting-for-citizen", "to-receive"]
TICK = os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / TICK


def opener_for(url, user):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(url + "/dang-nhap").read().decode()
    token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]*)"', html).group(1)
    data = urllib.parse.urlencode({"UserName": user, "Password": "MotCua@2026", "__RequestVerificationToken": token}).encode()
    opener.open(url + "/dang-nhap", data).read()
    return opener


def get(opener, url):
    start = time.perf_counter()
    with opener.open(url) as r:
        r.read()
        if r.status != 200:
            raise SystemExit(f"{url} answered {r.status}")
    return (time.perf_counter() - start) * 1000


def main():
    p = argparse.ArgumentParser()
    p.add_argument("apps", nargs="+")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--per-round", type=int, default=20)
    p.add_argument("--paths", default="api")
    a = p.parse_args()
    apps = [tuple(x.split("=", 2)) for x in a.apps]
    paths = []
    for list_ in LISTS:
        if a.paths in ("api", "both"): paths.append((list_, f"/api/v1/worklists/{list_}"))
        if a.paths in ("page", "both"): paths.append((list_ + " (page)", f"/xu-ly?ds={list_}"))
    openers = {(name, o): opener_for(url, o) for name, url, _ in apps for o in OFFICERS}
    load = open("/proc/loadavg").read().split()[:3]
    print(f"load average at start: {' '.join(load)}")
    header = f"{'officer':22} {'list':28}" + "".join(f" {n + ' CPU':>11} {n + ' p50':>9} {n + ' p95':>9}" for n, _, _ in apps)
    if len(apps) == 2: header += f" {'CPU ' + apps[1][0] + '/' + apps[0][0]:>12}"
    print(header)
    ratios, all_cpu, all_wall = [], {n: [] for n, _, _ in apps}, {n: [] for n, _, _ in apps}
    for officer in OFFICERS:
        for label, path in paths:
            cpu = {n: [] for n, _, _ in apps}
            wall = {n: [] for n, _, _ in apps}
            for name, url, _ in apps:
                for _ in range(5): get(openers[(name, officer)], url + path)
            for r in range(a.rounds):
                order = apps if r % 2 == 0 else list(reversed(apps))
                for name, url, pid in order:
                    before = cpu_ms(pid)
                    wall[name] += [get(openers[(name, officer)], url + path) for _ in range(a.per_round)]
                    cpu[name].append((cpu_ms(pid) - before) / a.per_round)
            line = f"{officer:22} {label:28}"
            for name, _, _ in apps:
                w = sorted(wall[name])
                c = statistics.median(cpu[name])
                all_cpu[name].append(c); all_wall[name] += w
                line += f" {c:9.2f}ms {statistics.median(w):7.1f}ms {w[min(len(w) - 1, int(len(w) * 0.95 + 0.999) - 1)]:7.1f}ms"
            if len(apps) == 2:
                ratio = statistics.median(cpu[apps[1][0]]) / max(statistics.median(cpu[apps[0][0]]), 0.01)
                ratios.append(ratio)
                line += f" {ratio:11.2f}"
            print(line, flush=True)
    for name, _, _ in apps:
        w = sorted(all_wall[name])
        print(f"{name}: CPU per request {min(all_cpu[name]):.2f}–{max(all_cpu[name]):.2f} ms (median {statistics.median(all_cpu[name]):.2f});"
              f" HTTP p50 {statistics.median(w):.1f} ms, p95 {w[int(len(w) * 0.95) - 1]:.1f} ms over {len(w)} requests")
    if ratios: print(f"CPU ratio {apps[1][0]}/{apps[0][0]}: {min(ratios):.2f}–{max(ratios):.2f} (median {statistics.median(ratios):.2f})")
    print(f"load average at end: {' '.join(open('/proc/loadavg').read().split()[:3])}")


if __name__ == "__main__":
    main()
