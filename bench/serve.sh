#!/usr/bin/env bash
# serve.sh: `nn serve` on the Fashion-MNIST T1 model (784-256r-128r-10s, float32) under load from wrk, on the
# loopback interface only. Prints, for 1, 16 and 64 connections, predictions per second, p50, p99 and errors
# (non-2xx responses and socket errors) and the mean batch the server ran (from its /metrics), each with the load
# average it was measured under; then the heap in use
# after a full GC, once after warm-up and once after the runs, so that growth shows.
#
#   bench/serve.sh [--duration 10s] [--rounds 1] [--model FILE] [--port 18501] [--out DIR] [-- nn serve flags…]
#
# The model is trained once (`nn train` with nn bench's T1 settings: Adam lr 1e-3, batches of 128, one epoch,
# seed 1) and kept in bench/.serve/t1.nn, unless --model names one. Every request is one test image (the first of
# Fashion-MNIST's test set, as pixel/255 with four decimals) in TensorFlow Serving's JSON. wrk comes from Debian
# (apt-get install wrk). JVM options go in NN4J_JAVA_OPTS. The access log goes to --out (default: a fresh
# temporary directory).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration=10s
rounds=1
model=""
port=18501
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "serve.sh: unknown argument '$1' (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "serve.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
out="${out:-$(mktemp -d)}"
mkdir -p "$out"
images=""
for dir in "${NN4J_DATA:-}" /usr/share/datasets/fashion-mnist; do
  [ -n "$dir" ] && [ -f "$dir/t10k-images-idx3-ubyte.gz" ] && images="$dir/t10k-images-idx3-ubyte.gz" && break
done
[ -n "$images" ] || { echo "serve.sh: needs Fashion-MNIST (apt-get install dataset-fashion-mnist)" >&2; exit 1; }

if [ -z "$model" ]; then
  model="$root/bench/.serve/t1.nn"
  if [ ! -f "$model" ]; then
    mkdir -p "$(dirname "$model")"
    "$root/nn" train --data fashion-mnist --layers 256,128 --activation relu --optimizer adam --lr 0.001 \
      --batch-size 128 --epochs 1 --seed 1 --no-progress --out "$model" >&2
  fi
fi

# the first test image: 784 pixel bytes after the 16-byte header, as {"instances": [[p/255, …]]}
body="$out/image.json"
{ gzip -dc "$images" || true; } | head -c $((16 + 784)) | tail -c 784 | od -An -v -tu1 \
  | awk '{ for (i = 1; i <= NF; i++) v[n++] = $i }
         END { printf "{\"instances\":[["; for (i = 0; i < n; i++) printf "%s%.4g", (i ? "," : ""), v[i] / 255; print "]]}" }' \
  >"$body"

"$root/nn" serve --model "t1=$model" --host 127.0.0.1 --port "$port" --access-log "$out/access.log" "$@" \
  >"$out/serve.out" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat "$out/serve.out" >&2; exit 1; }
  sleep 0.1
done
pid=$(pgrep -P $server java || echo $server)
url="http://127.0.0.1:$port/v1/models/t1:predict"

heap() {
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { print $(i + 1); exit } }'
}

# the sum and count of nn4j_batch_size, to give each run's mean batch size
batches() {
  curl -s "http://127.0.0.1:$port/metrics" | awk '/^nn4j_batch_size_sum/ { s = $2 } /^nn4j_batch_size_count/ { n = $2 }
    END { printf "%s %s ", s, n }'
}

run() {
  local c=$1 t=$(( $1 < 2 ? 1 : 2 )) b0 b1
  b0=$(batches)
  BODY="$body" wrk -t"$t" -c"$c" -d"$duration" --latency -s "$root/bench/serve-post.lua" "$url" >"$out/wrk-$c.txt"
  b1=$(batches)
  awk -v c="$c" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v b="$b0 $b1" '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx/ { errors += $NF }
    /Socket errors/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    END { split(b, v, " "); mean = (v[4] - v[2]) > 0 ? (v[3] - v[1]) / (v[4] - v[2]) : 0
          printf "%11s %14s %10s %10s %7d %6.1f   %s\n", c, rps, p50, p99, errors, mean, load }' "$out/wrk-$c.txt"
}

echo "warm-up: 16 connections for $duration" >&2
BODY="$body" wrk -t2 -c16 -d"$duration" -s "$root/bench/serve-post.lua" "$url" >/dev/null
before=$(heap)
printf "%11s %14s %10s %10s %7s %6s   %s\n" connections predictions/s p50 p99 errors batch \
  "load average (1, 5, 15 min)"
for _ in $(seq "$rounds"); do
  for c in 1 16 64; do
    run "$c"
  done
done
after=$(heap)
echo "heap in use after a full GC: $before after warm-up, $after after the runs"
echo "(raw wrk output, the access log and the server's output in $out)"
