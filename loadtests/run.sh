#!/usr/bin/env bash
# Runs one load scenario against Tiketi (the C# conformance host, Release) and against the
# Node.js socket.io 4.8 peer, each server pinned to one core and the generator to another,
# then prints both results and their ratios. Loopback only; every run stops by itself.
#
#   loadtests/run.sh connect --sockets 10000 --concurrency 200
#   loadtests/run.sh fanout  --sockets 10000 --rate 10 --duration 10
#   loadtests/run.sh selfcheck --sockets 5000 --rate 400 --batch 40 --events seats
#     (the generator's own capacity: against a stand-in "source" server that batches its writes)
#
# Environment:
#   BENCH_TARGETS        which servers, in order (default "tiketi peer")
#   BENCH_PORT           server port (default 3990)
#   BENCH_SERVER_CPU     cpu list for the server (default 0)
#   BENCH_GENERATOR_CPU  cpu list for the generator (default 1)
#   BENCH_PING_INTERVAL  heartbeat for both servers in ms (default 25000; BENCH_PING_TIMEOUT 20000)
#   BENCH_REDIS_URL      if set, the peer runs with @socket.io/redis-adapter on that Redis
#   BENCH_RESULTS        where JSON results go (default loadtests/results/<time>)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

scenario="${1:-}"
case "$scenario" in
  connect|fanout|selfcheck) shift ;;
  *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

targets="${BENCH_TARGETS:-tiketi peer}"
[ "$scenario" = selfcheck ] && targets=source
port="${BENCH_PORT:-3990}"
server_cpu="${BENCH_SERVER_CPU:-0}"
generator_cpu="${BENCH_GENERATOR_CPU:-1}"
results="${BENCH_RESULTS:-$ROOT/loadtests/results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$results"

# Every socket is a file descriptor on both sides. Raising the hard limit needs
# CAP_SYS_RESOURCE; without it we run with what we have and the generator refuses runs
# that would not fit.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
log "open files limit: $(ulimit -n) (sockets per run must stay below it)"

log "building (Release)"
host_dll="$ROOT/tests/Tiketi.Conformance/bin/Release/net10.0/Tiketi.Conformance.dll"
generator_dll="$ROOT/loadtests/Tiketi.LoadTests/bin/Release/net10.0/Tiketi.LoadTests.dll"
if [[ " $targets " == *" tiketi "* ]]; then
  dotnet build tests/Tiketi.Conformance -c Release -v q -nologo 2>&1 | grep -E ' error |Warn|rror\(s\)' || true
  [ -f "$host_dll" ] || { log "build failed"; exit 1; }
fi
dotnet build loadtests/Tiketi.LoadTests -c Release -v q -nologo 2>&1 | grep -E ' error |Warn|rror\(s\)' || true
[ -f "$generator_dll" ] || { log "build failed"; exit 1; }
if [[ " $targets " == *" peer "* ]] && [ ! -d loadtests/peer/node_modules/socket.io ]; then
  (cd loadtests/peer && npm ci --no-audit --no-fund --loglevel=error)
fi

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT INT TERM

# Benchmarks use the production heartbeat (the conformance fixture's 300/200 ms is for tests).
# BENCH_PING_INTERVAL / BENCH_PING_TIMEOUT set another one for both servers, e.g. 300/200 for
# parity with the compat fixture.
bench_env=(TIKETI_PING_INTERVAL="${BENCH_PING_INTERVAL:-25000}" TIKETI_PING_TIMEOUT="${BENCH_PING_TIMEOUT:-20000}")

start_server() {
  local target="$1"
  case "$target" in
    tiketi)
      env "${bench_env[@]}" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
        taskset -c "$server_cpu" dotnet "$host_dll" --urls "http://127.0.0.1:$port" \
        > "$results/server-$target.log" 2>&1 &
      ;;
    peer)
      env "${bench_env[@]}" PORT="$port" HOST=127.0.0.1 ${BENCH_REDIS_URL:+REDIS_URL="$BENCH_REDIS_URL"} \
        taskset -c "$server_cpu" node "$ROOT/loadtests/peer/server.js" \
        > "$results/server-$target.log" 2>&1 &
      ;;
    source)
      taskset -c "$server_cpu" dotnet "$generator_dll" source --url "http://127.0.0.1:$port" \
        > "$results/server-$target.log" 2>&1 &
      ;;
    *) log "unknown target $target (tiketi|peer; selfcheck uses source)"; exit 2 ;;
  esac
  server_pid=$!   # taskset execs the server, so this is the server's own pid
}

ran=()
for target in $targets; do
  log "$scenario against $target (server on cpu $server_cpu, generator on cpu $generator_cpu)"
  start_server "$target"
  set +e
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 taskset -c "$generator_cpu" dotnet "$generator_dll" "$scenario" \
    --url "http://127.0.0.1:$port" --server-pid "$server_pid" --label "$target" \
    --json "$results/$scenario-$target.json" "$@"
  rc=$?
  set -e
  if ! kill -0 "$server_pid" 2>/dev/null; then
    log "$target server died; its log:"; tail -n 30 "$results/server-$target.log" >&2
  fi
  stop_server
  [ $rc -eq 0 ] && ran+=("$target") || log "$scenario against $target failed (exit $rc)"
done

if [ ${#ran[@]} -ge 2 ]; then
  dotnet "$generator_dll" compare "$results/$scenario-${ran[0]}.json" "$results/$scenario-${ran[1]}.json"
fi
log "results in $results"
