"""pycocotools reference for sets made by gridbox's bench EvalSyntheticSet (seeded generator).

Usage: python3 run_pycocotools.py GT.json DETS.json OUT.json [--per-category]

Runs COCOeval(COCO(GT), loadRes(DETS), 'bbox'): evaluate, accumulate, summarize; writes the 12
stats, the recall array [T,K,A,M] (C order), the wall time of evaluate and accumulate, and with
--per-category the 12 stats of each category (params.catIds = [id]). Needs pycocotools 2.0.11 and
numpy. Used to make stats_synthetic60.json (committed) and, for the 5 000-image set, the figure in
bench/README.md; never needed by a test.
"""
import contextlib, io, json, sys, time
import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

gt_file, dt_file, out = sys.argv[1:4]
per_category = "--per-category" in sys.argv
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(gt_file)
    dt = gt.loadRes(dt_file)
E = COCOeval(gt, dt, iouType="bbox")
t0 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    E.evaluate()
t1 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    E.accumulate()
t2 = time.perf_counter()
E.summarize()
res = {
    "library_versions": {"python": sys.version.split()[0], "numpy": np.__version__,
                         "pycocotools": "2.0.11 (COCOeval, bbox)"},
    "call": "E = COCOeval(COCO(gt), COCO(gt).loadRes(dets), 'bbox'); E.evaluate(); E.accumulate(); E.summarize()",
    "gt_file": gt_file.split("/")[-1], "dets_file": dt_file.split("/")[-1],
    "evaluate_seconds": t1 - t0, "accumulate_seconds": t2 - t1,
    "stats": [float(s) for s in E.stats],
    "recall": {"layout": "[T iouThrs, K catIds, A areaRng, M maxDets]",
               "shape": list(E.eval["recall"].shape),
               "data": [float(v) for v in E.eval["recall"].ravel()]},
}
if per_category:
    res["per_category"] = []
    for c in sorted(gt.getCatIds()):
        Ec = COCOeval(gt, dt, iouType="bbox")
        Ec.params.catIds = [c]
        with contextlib.redirect_stdout(io.StringIO()):
            Ec.evaluate(); Ec.accumulate(); Ec.summarize()
        res["per_category"].append({"category_id": c, "stats": [float(s) for s in Ec.stats]})
json.dump(res, open(out, "w"))
print("evaluate %.2f s, accumulate %.2f s" % (t1 - t0, t2 - t1))
