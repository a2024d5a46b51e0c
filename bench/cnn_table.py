"""The table of bench/compare.sh --cnn: nn4j's C1 and C2 figures (nn-c1-R.json, nn-c2-R.json) against
torch_cnn.py's (torch-C1-R.txt, torch-C2-R.txt), medians over the rounds, ratios and the issue's targets.
Usage: python3 cnn_table.py OUT_DIR ROUNDS THREADS"""
import json, pathlib, re, statistics, sys
out, rounds, threads = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]

def nn(w, r):
    f = out / f"nn-{w}-{r}.json"
    return json.loads(f.read_text()) if f.exists() and f.stat().st_size else {}

def torch(task, r):
    """The peer's RESULT key=value pairs, numbers as floats."""
    f = out / f"torch-{task}-{r}.txt"
    text = " ".join(l[7:] for l in f.read_text().splitlines() if l.startswith("RESULT ")) if f.exists() else ""
    number = lambda v: float(v) if re.fullmatch(r"[-+0-9.eE]+", v) else v
    return {k: number(v) for k, v in re.findall(r"(\w+)=(\S+)", text)}

def series(fn):
    return [v for v in (fn(r) for r in range(1, rounds + 1)) if v is not None]

rows = []  # figure, unit, nn4j values, PyTorch values, better, target ratio
for w, task in (("c1", "C1"), ("c2", "C2")):
    rows.append((f"{task} training", "samples/s", series(lambda r: nn(w, r).get(f"{w}_samples_per_s")),
                 series(lambda r: torch(task, r).get("steady_samples_per_s")), "higher", 1.5 if w == "c1" else 1.0))
    rows.append((f"{task} inference", "samples/s", series(lambda r: nn(w, r).get(f"{w}_infer_samples_per_s")),
                 series(lambda r: torch(task, r).get("infer_samples_per_s")), "higher", 1.0 if w == "c2" else None))
    rows.append((f"{task} latency p50", "µs", series(lambda r: nn(w, r).get(f"{w}_p50_us")),
                 series(lambda r: torch(task, r).get("single_p50_us")), "lower", 3.0 if w == "c1" else None))
    rows.append((f"{task} latency p99", "µs", series(lambda r: nn(w, r).get(f"{w}_p99_us")),
                 series(lambda r: torch(task, r).get("single_p99_us")), "lower", None))
    rows.append((f"{task} test accuracy", "", series(lambda r: nn(w, r).get(f"{w}_test_accuracy")),
                 series(lambda r: torch(task, r).get("test_acc")), "higher", None))

print(f"nn4j vs PyTorch (convolutional), {rounds} round(s), {threads} threads, medians (raw figures in {out})")
for line in (out / "nn-info.txt").read_text().strip().splitlines():
    print("  " + line)
first = torch("C1", 1)
print(f"  torch     {first.get('torch', '?')} (threads={first.get('threads', '?')})")
print()
def line(*cells):
    widths = (20, 9, 10, 10, 6, 7, 3)
    return "| " + " | ".join(f"{c:<{w}}" if i < 2 else f"{c:>{w}}" for i, (c, w) in enumerate(zip(cells, widths))) + " |"

def fmt(v, unit):
    return "" if v is None else f"{v:,.4f}" if unit == "" else f"{v:,.1f}" if v < 1000 else f"{v:,.0f}"

print(line("figure", "unit", "nn4j", "PyTorch", "ratio", "target", "met"))
print(line(*("-" * w for w in (20, 9, 10, 10, 6, 7, 3))))
for name, unit, a, b, better, target in rows:
    ma, mb = (statistics.median(v) if v else None for v in (a, b))
    ratio = (ma / mb if better == "higher" else mb / ma) if ma and mb else None
    met = "" if target is None or ratio is None else "yes" if ratio >= target else "no"
    print(line(name, unit, fmt(ma, unit), fmt(mb, unit), "" if ratio is None else f"{ratio:.2f}×",
               "" if target is None else f"≥ {target:g}×", met))
print()
print("ratio: nn4j ÷ PyTorch for throughput and accuracy, PyTorch ÷ nn4j for latency (above 1: nn4j ahead).")
