"""Evaluate the synthetic large set (bench EvalSyntheticSet, default seed) with pycocotools and
time evaluate + accumulate. Usage: python3 run_pycocotools.py DIR OUT.json
Needs pycocotools 2.0.11 and numpy. Not used by any test; provenance for the figures in
bench/README.md and the expected stats in expected_stats.json."""
import json, sys, time, io, contextlib
import numpy as np
import pycocotools
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

d, out = sys.argv[1], sys.argv[2]
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(d + "/gt.json")
    dt = gt.loadRes(d + "/dets.json")
E = COCOeval(gt, dt, iouType="bbox")
t0 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    E.evaluate()
t1 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    E.accumulate()
t2 = time.perf_counter()
E.summarize()
json.dump({
    "library_versions": {"python": sys.version.split()[0], "numpy": np.__version__,
                         "pycocotools": "2.0.11"},
    "call": "COCOeval(COCO(gt.json), loadRes(dets.json), 'bbox'); evaluate(); accumulate(); summarize()",
    "evaluate_seconds": t1 - t0, "accumulate_seconds": t2 - t1,
    "stats": [float(s) for s in E.stats],
}, open(out, "w"), indent=1)
print("evaluate %.2f s, accumulate %.2f s" % (t1 - t0, t2 - t1))
