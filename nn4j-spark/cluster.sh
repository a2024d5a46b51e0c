#!/usr/bin/env bash
# cluster.sh start|stop|status [WORKERS]: a Spark standalone cluster on 127.0.0.1 — one master and WORKERS workers
# (default 2), each a JVM of its own — from the Spark jars Maven fetched for nn4j (nn4j-cli/target/spark.classpath,
# which `./nn` and `mvn package` write), with no Spark distribution: SPARK_HOME is a directory whose jars/ links
# to those jars, which is all a worker needs to start executors.
#
#   NN4J_SPARK_PORT    the master's port (default 7077): spark://127.0.0.1:$NN4J_SPARK_PORT
#   NN4J_CLUSTER_DIR   where pids, logs, SPARK_HOME and the workers' directories go
#                      (default nn4j-spark/target/cluster-$NN4J_SPARK_PORT)
#   NN4J_WORKER_CORES  cores per worker (default 1); NN4J_WORKER_MEMORY memory per worker (default 2g)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${NN4J_SPARK_PORT:-7077}"
dir="${NN4J_CLUSTER_DIR:-$root/nn4j-spark/target/cluster-$port}"
master="spark://127.0.0.1:$port"

usage() {
  echo "usage: nn4j-spark/cluster.sh start|stop|status [WORKERS]" >&2
  exit 2
}

running() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Waits up to 120 s for a line in a log; names the log when it never comes.
await() {
  local log="$1" line="$2" pidfile="$3"
  for _ in $(seq 1 240); do
    grep -q "$line" "$log" 2>/dev/null && return 0
    if ! running "$pidfile"; then
      echo "cluster.sh: $(basename "$log" .log) exited before it was ready; see $log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "cluster.sh: $(basename "$log" .log) not ready after 120 s; see $log" >&2
  return 1
}

start() {
  local workers="$1"
  if running "$dir/master.pid"; then
    echo "cluster.sh: a master is already running at $master (pid $(cat "$dir/master.pid")); stop it first" >&2
    exit 1
  fi
  local cp="$root/nn4j-cli/target/spark.classpath"
  if [ ! -f "$cp" ]; then
    echo "cluster.sh: building nn4j for Spark's class path (mvn -q -DskipTests -pl nn4j-cli -am package)…" >&2
    (cd "$root" && mvn -q -B -DskipTests -pl nn4j-cli -am package) >&2
  fi
  rm -rf "$dir"
  mkdir -p "$dir/home/jars" "$dir/logs"
  # (no pipeline here stops reading early: under pipefail the writer's SIGPIPE would end the script silently)
  local jar
  while IFS= read -r -d ':' jar || [ -n "$jar" ]; do
    jar="${jar%$'\n'}"
    if [ -n "$jar" ]; then
      ln -s "$jar" "$dir/home/jars/"
    fi
  done < "$cp"
  # nn.jar carries slf4j-api itself (nn serve needs it), so Spark's class path leaves it out; the daemons need it
  if ! compgen -G "$dir/home/jars/slf4j-api-*" >/dev/null; then
    local repo version
    repo=$(tr ':' '\n' < "$cp" | sed -n '\:/org/apache/spark/:{s:/org/apache/spark/.*::p;}' | sed -n 1p)
    version=$(sed -n '/<artifactId>slf4j-api<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;}' \
      "$root/nn4j-cli/pom.xml")
    ln -s "$repo/org/slf4j/slf4j-api/$version/slf4j-api-$version.jar" "$dir/home/jars/"
  fi
  local opens
  opens=$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$root/pom.xml")
  # a worker builds each executor's class path from $SPARK_HOME/jars, and asks for the Scala version first
  local scala
  scala=$(sed -n 's:.*<scala.binary.version>\(.*\)</scala.binary.version>.*:\1:p' "$root/pom.xml")
  export SPARK_HOME="$dir/home" SPARK_SCALA_VERSION="$scala" SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=127.0.0.1
  # shellcheck disable=SC2086
  setsid java $opens -Xmx256m -cp "$dir/home/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port 0 >"$dir/logs/master.log" 2>&1 &
  echo $! > "$dir/master.pid"
  await "$dir/logs/master.log" "I have been elected leader" "$dir/master.pid"
  for i in $(seq 1 "$workers"); do
    mkdir -p "$dir/worker-$i"
    # shellcheck disable=SC2086
    setsid java $opens -Xmx256m -cp "$dir/home/jars/*" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "${NN4J_WORKER_CORES:-1}" --memory "${NN4J_WORKER_MEMORY:-2g}" \
      --work-dir "$dir/worker-$i" --webui-port 0 "$master" >"$dir/logs/worker-$i.log" 2>&1 &
    echo $! > "$dir/worker-$i.pid"
  done
  for i in $(seq 1 "$workers"); do
    await "$dir/logs/worker-$i.log" "Successfully registered with master" "$dir/worker-$i.pid"
  done
  echo "cluster.sh: master $master with $workers workers (logs in $dir/logs)"
}

stop() {
  local any=""
  for pidfile in "$dir"/worker-*.pid "$dir"/master.pid; do
    [ -f "$pidfile" ] || continue
    if running "$pidfile"; then
      local pid
      pid=$(cat "$pidfile")
      # a worker's executors are its children: end them with it
      for child in $(pgrep -P "$pid" || true); do
        kill "$child" 2>/dev/null || true
      done
      kill "$pid" 2>/dev/null || true
      any=1
    fi
    rm -f "$pidfile"
  done
  [ -n "$any" ] && echo "cluster.sh: stopped the cluster at $master" || echo "cluster.sh: no cluster at $master"
}

status() {
  if running "$dir/master.pid"; then
    echo "master $master: pid $(cat "$dir/master.pid")"
    for pidfile in "$dir"/worker-*.pid; do
      running "$pidfile" && echo "$(basename "$pidfile" .pid): pid $(cat "$pidfile")"
    done
  else
    echo "no cluster at $master"
    return 1
  fi
}

case "${1:-}" in
  start)
    workers="${2:-2}"
    [[ "$workers" =~ ^[1-9][0-9]*$ ]] || { echo "cluster.sh: WORKERS must be a positive number, got '$workers'" >&2; exit 2; }
    start "$workers" ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
