#!/usr/bin/env python3
"""Paired timing of the face detectors: gridbox vs face-api 1.7.15 (tfjs wasm, SIMD), one thread each.

This machine's speed drifts by up to ~1.7x over seconds (other tenants on the host), so timing one side
for a while and then the other can compare different machine states. Here both run as servers
(bench/src/main/java/org/gridbox/bench/FaceTimingServer.java, testdata/reference/face-api/timing-server.js)
and the driver alternates them in small blocks: per round and model, BLOCK detections on face-api, then
BLOCK on gridbox, then BLOCK on face-api again. Each round's ratio is face-api's median over both
blocks divided by gridbox's median, so every ratio compares neighbouring seconds. Prints per-round
ratios and the median ratio over rounds, in CPU time (and wall time).

Usage: bench/face-paired.py NODE_DIR [ROUNDS] [BLOCK]
  NODE_DIR: a folder where testdata/reference/face-api/package.json was installed (npm install).
Build first: mvn -B -q -o -pl bench -am package -DskipTests
"""
import json
import os
import shutil
import statistics
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
node_dir = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 12
block = int(sys.argv[3]) if len(sys.argv) > 3 else 4
shutil.copy(os.path.join(root, "testdata/reference/face-api/timing-server.js"), node_dir)


def start(cmd, cwd):
    p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, bufsize=1)
    while True:
        line = p.stdout.readline()
        if not line:
            sys.exit("server ended before it was ready: " + " ".join(cmd))
        if line.startswith("{") and json.loads(line).get("ready"):
            return p


def ask(p, model, n):
    p.stdin.write(f"{model} {n}\n")
    p.stdin.flush()
    while True:
        line = p.stdout.readline()
        if line.startswith("{"):
            return json.loads(line)


node = start(["node", "timing-server.js", root], node_dir)
java = start(["java", "--add-modules", "jdk.incubator.vector", f"-Dgridbox.root={root}", "-cp",
              os.path.join(root, "bench/target/benchmarks.jar"), "org.gridbox.bench.FaceTimingServer"], root)
for model in ("tiny", "ssd"):  # warm-up: JIT and wasm caches
    ask(node, model, 5)
    ask(java, model, 10)
print(f"{rounds} rounds, blocks of {block} detections (face-api, gridbox, face-api), sample1.jpg 1920x1280")
summary = {}
for model in ("tiny", "ssd"):
    cpu_ratios, wall_ratios, ours, theirs = [], [], [], []
    for r in range(rounds):
        a = ask(node, model, block)
        g = ask(java, model, block)
        b = ask(node, model, block)
        fa_cpu = statistics.median(a["cpuMs"] + b["cpuMs"])
        fa_wall = statistics.median(a["wallMs"] + b["wallMs"])
        gb_cpu = statistics.median(g["cpuMs"])
        gb_wall = statistics.median(g["wallMs"])
        cpu_ratios.append(fa_cpu / gb_cpu)
        wall_ratios.append(fa_wall / gb_wall)
        ours.append(gb_cpu)
        theirs.append(fa_cpu)
        print(f"  {model:4s} round {r + 1:2d}: gridbox {gb_cpu:7.1f} ms, face-api {fa_cpu:7.1f} ms CPU "
              f"-> {fa_cpu / gb_cpu:4.1f}x (wall {fa_wall / gb_wall:4.1f}x)")
    summary[model] = (statistics.median(ours), statistics.median(theirs), statistics.median(cpu_ratios),
                      min(cpu_ratios), max(cpu_ratios), statistics.median(wall_ratios))
for model, (o, t, med, lo, hi, wmed) in summary.items():
    print(f"{model:4s}: gridbox {o:.1f} ms, face-api {t:.1f} ms (medians of round medians, CPU); "
          f"ratio median {med:.1f}x (rounds {lo:.1f}x..{hi:.1f}x), wall {wmed:.1f}x")
for p in (node, java):
    p.stdin.close()
    p.wait()
