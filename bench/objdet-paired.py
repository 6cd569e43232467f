#!/usr/bin/env python3
"""Paired timing of NanoDet and CenterNet: gridbox vs tfjs 4.22.0 (wasm backend, SIMD, one thread).

As bench/face-paired.py: both sides run as servers (bench/src/main/java/org/gridbox/bench/
ObjdetTimingServer.java, testdata/reference/objdet/timing-server.js) on dog.jpg (768x576) and the
driver alternates them in small blocks: per round and model, BLOCK runs on tfjs, then BLOCK on gridbox
with one thread, BLOCK on gridbox with two threads, then BLOCK on tfjs again. Each round's ratio is
tfjs's median over both of its blocks divided by gridbox's median, so every ratio compares
neighbouring seconds.

Both sides time the whole pipeline (preprocessing, network, decode at the default thresholds);
tfjs is also timed executing the graph alone on a prepared input ("exec", the figure the issue
quotes). One-thread ratios are in CPU time (wall in brackets); two-thread ratios in wall time
(gridbox's 2-thread wall against tfjs' 1-thread wall).

Usage: bench/objdet-paired.py NODE_DIR [ROUNDS] [BLOCK]
  NODE_DIR: a folder where testdata/reference/objdet/package.json was installed (npm install), or
  any folder if NODE_PATH points at such a node_modules.
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
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
block = int(sys.argv[3]) if len(sys.argv) > 3 else 3
for f in ("timing-server.js", "generate.js"):
    shutil.copy(os.path.join(root, "testdata/reference/objdet", f), node_dir)


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


def med(*runs, key):
    return statistics.median([v for r in runs for v in r[key]])


node = start(["node", "timing-server.js", root], node_dir)
java = start(["java", "--add-modules", "jdk.incubator.vector", f"-Dgridbox.root={root}", "-cp",
              os.path.join(root, "bench/target/benchmarks.jar"), "org.gridbox.bench.ObjdetTimingServer"], root)
for model in ("nanodet", "centernet"):  # warm-up: JIT and wasm caches
    ask(node, model, 3)
    ask(node, model + "-exec", 3)
    ask(java, model, 10)
    ask(java, model + "-2t", 5)
print(f"{rounds} rounds, blocks of {block} runs (tfjs, gridbox 1 thread, gridbox 2 threads, tfjs exec, tfjs), "
      "dog.jpg 768x576")
summary = {}
for model in ("nanodet", "centernet"):
    rows = []
    for r in range(rounds):
        a = ask(node, model, block)
        g1 = ask(java, model, block)
        g2 = ask(java, model + "-2t", block)
        e = ask(node, model + "-exec", block)
        b = ask(node, model, block)
        tf_cpu, tf_wall = med(a, b, key="cpuMs"), med(a, b, key="wallMs")
        ex_cpu = med(e, key="cpuMs")
        g_cpu, g_wall, g2_wall = med(g1, key="cpuMs"), med(g1, key="wallMs"), med(g2, key="wallMs")
        row = dict(g_cpu=g_cpu, tf_cpu=tf_cpu, ex_cpu=ex_cpu, g2_wall=g2_wall,
                   r1=tf_cpu / g_cpu, r1w=tf_wall / g_wall, rex=ex_cpu / g_cpu, r2=tf_wall / g2_wall)
        rows.append(row)
        print(f"  {model:9s} round {r + 1:2d}: gridbox {g_cpu:6.1f} ms CPU (2 threads {g2_wall:6.1f} ms wall), "
              f"tfjs {tf_cpu:6.1f} ms CPU (exec {ex_cpu:6.1f}) -> {row['r1']:4.1f}x (exec {row['rex']:4.1f}x, "
              f"wall {row['r1w']:4.1f}x, 2 threads {row['r2']:4.1f}x)")
    summary[model] = rows
for model, rows in summary.items():
    m = {k: statistics.median([r[k] for r in rows]) for k in rows[0]}
    lo = {k: min(r[k] for r in rows) for k in rows[0]}
    hi = {k: max(r[k] for r in rows) for k in rows[0]}
    print(f"{model}: gridbox {m['g_cpu']:.1f} ms CPU (1 thread), {m['g2_wall']:.1f} ms wall (2 threads); "
          f"tfjs wasm {m['tf_cpu']:.1f} ms CPU whole pipeline, {m['ex_cpu']:.1f} ms execute only")
    for k, what in (("r1", "whole pipeline, 1 thread, CPU"), ("rex", "vs tfjs execute only, CPU"),
                    ("r1w", "whole pipeline, 1 thread, wall"), ("r2", "gridbox 2 threads vs tfjs 1, wall")):
        print(f"  ratio {what}: median {m[k]:.2f}x (rounds {lo[k]:.2f}x..{hi[k]:.2f}x)")
for p in (node, java):
    p.stdin.close()
    p.wait()
