#!/usr/bin/env bash
# compare.sh: nn4j's `nn bench` and PyTorch's peer script (../shared/bench/torch_mlp.py) back to back, several
# rounds, on the same cores; prints each figure's median for both, their ratio, and the issue's target.
#
#   bench/compare.sh [--rounds N] [--threads N] [--t1-epochs N] [--t2-epochs N] [--no-t2] [--out DIR]
#   bench/compare.sh --cnn [--rounds N] [--threads N] [--c1-epochs N] [--c2-epochs N] [--no-c2] [--out DIR]
#
# Defaults: 3 rounds, the number of cores, T1 10 epochs and T2 3 (the peer's own settings). Each round runs
# nn4j then PyTorch on T1 (with I1 and I2), then nn4j then PyTorch on T2, alternating which goes first from round
# to round, so that a change in the machine's load falls on both. Peak RSS is the T1 processes' maximum resident
# set, from /usr/bin/time. Raw outputs are kept in --out (default: a fresh temporary directory).
#
# --cnn runs the convolutional workloads instead: nn4j's C1 (LeNet-5) and C2 (the fashion-cnn network) against
# ../shared/bench/torch_cnn.py, C1 for 3 epochs and C2 for 2 by default (throughput over the epochs after the first
# on both sides; the peer's own defaults, 10 and 15, take most of an hour on 2 cores), alternating as above; the
# table comes from bench/cnn_table.py.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peer="${TORCH_BENCH:-$root/../shared/bench/torch_mlp.py}"
python="${TORCH_PYTHON:-/usr/bin/python3}"
rounds=3
threads="$(nproc)"
t1_epochs=10
t2_epochs=3
t2=1
cnn=0
c1_epochs=3
c2_epochs=2
c2=1
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds | --threads | --t1-epochs | --t2-epochs | --c1-epochs | --c2-epochs | --out)
      [ $# -ge 2 ] || { echo "compare.sh: $1 needs a value" >&2; exit 2; } ;;
  esac
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --t1-epochs) t1_epochs="$2"; shift 2 ;;
    --t2-epochs) t2_epochs="$2"; shift 2 ;;
    --no-t2) t2=0; shift ;;
    --cnn) cnn=1; peer="${TORCH_CNN_BENCH:-$root/../shared/bench/torch_cnn.py}"; shift ;;
    --c1-epochs) c1_epochs="$2"; shift 2 ;;
    --c2-epochs) c2_epochs="$2"; shift 2 ;;
    --no-c2) c2=0; shift ;;
    --out) out="$2"; shift 2 ;;
    *) echo "compare.sh: unknown argument '$1' (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
# whole numbers (written back in decimal: bash reads 010 as octal): rounds and threads from 1, epochs from 2 (both
# sides time the epochs after the first)
for option in "rounds rounds 1" "threads threads 1" "t1-epochs t1_epochs 2" "t2-epochs t2_epochs 2" \
    "c1-epochs c1_epochs 2" "c2-epochs c2_epochs 2"; do
  read -r flag name least <<< "$option"
  value="${!name}"
  [[ "$value" =~ ^[0-9]{1,4}$ ]] && (( 10#$value >= least )) \
    || { echo "compare.sh: --$flag must be a whole number from $least to 9999, got '$value'" >&2; exit 2; }
  printf -v "$name" '%d' "$((10#$value))"
done
[ -f "$peer" ] || { echo "compare.sh: PyTorch peer script not found at $peer (set TORCH_BENCH, or TORCH_CNN_BENCH with --cnn)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "compare.sh: /usr/bin/time is needed for peak RSS (apt-get install time)" >&2; exit 1; }
out="${out:-$(mktemp -d -t nn4j-compare.XXXXXX)}"
mkdir -p "$out"
# the tables read every round's files by name: an earlier run's left in --out would be mixed into this one's
if compgen -G "$out/nn-*" > /dev/null || compgen -G "$out/torch-*" > /dev/null; then
  echo "compare.sh: $out holds the results of an earlier run, which the table would mix with this one's; give an empty or new --out" >&2
  exit 2
fi

"$root/nn" info --threads "$threads" > "$out/nn-info.txt"   # builds nn4j first if needed, outside the timed runs
export OPENBLAS_NUM_THREADS="$threads"   # for PyTorch, on Debian's OpenBLAS; nn4j follows --threads alone

nn4j() {  # round, workloads, epochs flag
  /usr/bin/time -f "%M" -o "$out/nn-$2-$1.rss" "$root/nn" bench --threads "$threads" --workloads "$2" \
      --t1-epochs "$t1_epochs" --t2-epochs "$t2_epochs" --json > "$out/nn-$2-$1.json" 2> "$out/nn-$2-$1.log"
}
torch() {  # round, task, epochs
  EPOCHS="$3" /usr/bin/time -f "%M" -o "$out/torch-$2-$1.rss" \
      "$python" "$peer" "$2" "$threads" > "$out/torch-$2-$1.txt" 2>&1
}

if [ "$cnn" = 1 ]; then
  cnn_bench() {  # round, workload
    "$root/nn" bench --threads "$threads" --workloads "$2" --c1-epochs "$c1_epochs" --c2-epochs "$c2_epochs" \
        --json > "$out/nn-$2-$1.json" 2> "$out/nn-$2-$1.log"
  }
  for ((r = 1; r <= rounds; r++)); do
    echo "round $r of $rounds: C1$([ "$c2" = 1 ] && echo ", C2") (raw results in $out)" >&2
    if ((r % 2)); then cnn_bench "$r" c1; torch "$r" C1 "$c1_epochs"; else torch "$r" C1 "$c1_epochs"; cnn_bench "$r" c1; fi
    if [ "$c2" = 1 ]; then
      if ((r % 2)); then cnn_bench "$r" c2; torch "$r" C2 "$c2_epochs"; else torch "$r" C2 "$c2_epochs"; cnn_bench "$r" c2; fi
    fi
  done
  exec "$python" "$root/bench/cnn_table.py" "$out" "$rounds" "$threads"
fi

for ((r = 1; r <= rounds; r++)); do
  echo "round $r of $rounds: T1, I1, I2$([ "$t2" = 1 ] && echo ", T2") (raw results in $out)" >&2
  if ((r % 2)); then nn4j "$r" t1,i1,i2; torch "$r" T1 "$t1_epochs"; else torch "$r" T1 "$t1_epochs"; nn4j "$r" t1,i1,i2; fi
  if [ "$t2" = 1 ]; then
    if ((r % 2)); then nn4j "$r" t2; torch "$r" T2 "$t2_epochs"; else torch "$r" T2 "$t2_epochs"; nn4j "$r" t2; fi
  fi
done

"$python" - "$out" "$rounds" "$threads" <<'PY'
import json, re, statistics, sys, pathlib
out, rounds, threads = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
P = {"T1": 784*256+256 + 256*128+128 + 128*10+10, "T2": 784*1024+1024 + 1024*1024+1024 + 1024*10+10}

def nn(workloads, r):
    f = out / f"nn-{workloads}-{r}.json"
    return json.loads(f.read_text()) if f.exists() else None

def torch(task, r):
    f = out / f"torch-{task}-{r}.txt"
    if not f.exists():
        return None
    d = {}
    for line in f.read_text().splitlines():
        if line.startswith("RESULT "):
            for kv in line[7:].split():
                k, v = kv.split("=", 1)
                try: d[k] = float(v)
                except ValueError: d[k] = v
    return d

def rss(kind, name, r):
    f = out / f"{kind}-{name}-{r}.rss"
    return int(f.read_text().split()[-1]) / 1024 if f.exists() else None

rows = []  # (figure, unit, nn values, torch values, better, target ratio or None)
def series(fn):
    return [v for v in (fn(r) for r in range(1, rounds + 1)) if v is not None]

t1n = lambda r: nn("t1,i1,i2", r); t2n = lambda r: nn("t2", r)
rows.append(("T1 training", "samples/s", series(lambda r: (t1n(r) or {}).get("t1_samples_per_s")),
             series(lambda r: (torch("T1", r) or {}).get("steady_samples_per_s")), "higher", 1.5))
rows.append(("T1 training", "GFLOP/s", series(lambda r: (t1n(r) or {}).get("t1_gflops")),
             series(lambda r: 6 * P["T1"] * torch("T1", r)["steady_samples_per_s"] / 1e9 if torch("T1", r) else None),
             "higher", None))
rows.append(("T2 training", "samples/s", series(lambda r: (t2n(r) or {}).get("t2_samples_per_s")),
             series(lambda r: (torch("T2", r) or {}).get("steady_samples_per_s")), "higher", 1.4))
rows.append(("T2 training", "GFLOP/s", series(lambda r: (t2n(r) or {}).get("t2_gflops")),
             series(lambda r: 6 * P["T2"] * torch("T2", r)["steady_samples_per_s"] / 1e9 if torch("T2", r) else None),
             "higher", None))
rows.append(("T2 step GEMMs alone", "GFLOP/s", series(lambda r: (t2n(r) or {}).get("t2_gemm_gflops")), [], "higher", None))
rows.append(("T2 share of GEMM rate", "%", series(lambda r: 100 * t2n(r)["t2_fraction_of_gemm"] if t2n(r) else None),
             series(lambda r: 100 * 6 * P["T2"] * torch("T2", r)["steady_samples_per_s"] / 1e9 / t2n(r)["t2_gemm_gflops"]
                    if torch("T2", r) and t2n(r) else None), "higher", None))
rows.append(("I1 inference", "samples/s", series(lambda r: (t1n(r) or {}).get("i1_samples_per_s")),
             series(lambda r: (torch("T1", r) or {}).get("infer_samples_per_s")), "higher", 1.1))
rows.append(("I2 latency p50", "µs", series(lambda r: (t1n(r) or {}).get("i2_p50_us")),
             series(lambda r: (torch("T1", r) or {}).get("single_p50_us")), "lower", 3.0))
rows.append(("I2 latency p99", "µs", series(lambda r: (t1n(r) or {}).get("i2_p99_us")),
             series(lambda r: (torch("T1", r) or {}).get("single_p99_us")), "lower", 3.0))
rows.append(("T1 peak RSS", "MB", series(lambda r: rss("nn", "t1,i1,i2", r)), series(lambda r: rss("torch", "T1", r)),
             "lower", 1.0))
rows.append(("T1 test accuracy", "", series(lambda r: (t1n(r) or {}).get("t1_test_accuracy")),
             series(lambda r: (torch("T1", r) or {}).get("test_acc")), "higher", None))

info = (out / "nn-info.txt").read_text().strip().splitlines()
print(f"nn4j vs PyTorch, {rounds} round(s), {threads} threads, medians (each run's figures in {out})")
for line in info:
    print("  " + line)
first = torch("T1", 1) or {}
print(f"  torch     {first.get('torch', '?')} (threads={first.get('threads', '?')})")
print()
print(f"| {'figure':<22} | {'unit':<9} | {'nn4j':>10} | {'PyTorch':>10} | {'ratio':>6} | {'target':>7} | met |")
print(f"|{'-'*24}|{'-'*11}|{'-'*12}|{'-'*12}|{'-'*8}|{'-'*9}|-----|")
for name, unit, a, b, better, target in rows:
    ma = statistics.median(a) if a else None
    mb = statistics.median(b) if b else None
    ratio = None
    if ma and mb:
        ratio = ma / mb if better == "higher" else mb / ma
    fmt = lambda v: "" if v is None else (f"{v:,.4f}" if v < 1.5 and unit == "" else f"{v:,.1f}" if v < 1000 else f"{v:,.0f}")
    tgt = "" if target is None else f"≥ {target:g}×"
    met = "" if target is None or ratio is None else ("yes" if ratio >= target else "no")
    if name == "T2 share of GEMM rate":
        tgt, met = "≥ 70%", ("" if ma is None else "yes" if ma >= 70 else "no")
    if name == "T1 test accuracy":
        tgt, met = "≥ 0.88", ("" if ma is None else "yes" if min(a) >= 0.88 else "no")
    print(f"| {name:<22} | {unit:<9} | {fmt(ma):>10} | {fmt(mb):>10} | {'' if ratio is None else f'{ratio:.2f}×':>6} | {tgt:>7} | {met:^3} |")
print()
print("ratio: nn4j ÷ PyTorch for throughput and accuracy, PyTorch ÷ nn4j for latency and memory (above 1: nn4j ahead).")
spread = [(n, u, a, b) for n, u, a, b, _, _ in rows if len(a) > 1 and len(b) > 1 and u in ("samples/s", "µs")]
for name, unit, a, b in spread:
    print(f"  spread {name} {unit}: nn4j {min(a):,.1f} … {max(a):,.1f}, PyTorch {min(b):,.1f} … {max(b):,.1f}")
PY
