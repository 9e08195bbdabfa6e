#!/usr/bin/env bash
# Side-by-side load comparison: the demo webinar site with ConsentKit and the same site with
# --without-consent, both on loopback, driven alternately by wrk on the registration page.
#
# It builds nothing. Build the demo first, from the repository root:
#
#   mvn -B -q package -DskipTests
#   consent-bench/load/compare.sh [options] | tee consent-bench/results/$(date -u +%F)-load.txt
#
# Options (all optional):
#   --jar PATH         the demo jar (default consent-demo/target/consent-demo.jar)
#   --rounds N         alternating rounds per request kind (default 5)
#   --duration S       seconds per wrk run (default 10)
#   --warmup S         seconds of warm-up per site and request kind (default 20)
#   --connections C    wrk connections (default 16)
#   --threads T        wrk threads (default 1: on a small machine wrk competes with the server)
#   --path P           the page (default /webinars/product-launch/register)
#   --ports A,B        ports of the site with and without ConsentKit (default 18080,18081)
#
# Each round runs both sites back to back, the order swapped every round (A B, B A, ...), so that
# a slow drift of a noisy machine falls on both alike. Two request kinds: a first visit (no
# consent cookie: the banner is inserted) and a returning visitor (the consent cookie of an
# "accept all" decision, as a browser sends it). The baseline gets the same requests.
# Reported: the throughput ratio with/without (the ratio of the summed requests, and the median
# of the per-round ratios) and the p50 and p99 latency difference (medians over the rounds),
# from wrk --latency. Needs bash, curl, java 17 and wrk (Debian: apt-get install wrk).

set -euo pipefail

JAR=consent-demo/target/consent-demo.jar
ROUNDS=5
DURATION=10
WARMUP=20
CONNECTIONS=16
THREADS=1
PAGE=/webinars/product-launch/register
PORTS=18080,18081

while [[ $# -gt 0 ]]; do
  case "$1" in
    --jar) JAR=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --path) PAGE=$2; shift 2 ;;
    --ports) PORTS=$2; shift 2 ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

for tool in java wrk curl awk; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is required (wrk: apt-get install wrk)" >&2; exit 2; }
done
[[ -f "$JAR" ]] || { echo "compare.sh: $JAR not found; build it first: mvn -B -q package -DskipTests" >&2; exit 2; }

WITH_PORT=${PORTS%,*}
WITHOUT_PORT=${PORTS#*,}
WORK=$(mktemp -d -t consentkit-load.XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

start() { # name port [flags...]
  local name=$1 port=$2
  shift 2
  mkdir -p "$WORK/$name"
  java -Xms512m -Xmx512m -jar "$JAR" --port "$port" --data "$WORK/$name" --admin-password load-test-only "$@" \
    >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}

wait_for() { # port
  for _ in $(seq 1 120); do
    if curl -fs -o /dev/null "http://127.0.0.1:$1$PAGE"; then
      return 0
    fi
    sleep 0.5
  done
  echo "compare.sh: the site on port $1 did not start; its log:" >&2
  cat "$WORK"/*.log >&2
  exit 1
}

start with "$WITH_PORT"
start without "$WITHOUT_PORT" --without-consent
wait_for "$WITH_PORT"
wait_for "$WITHOUT_PORT"

# A returning visitor: the consent cookie of an "accept all" decision on the page.
ORIGIN="http://127.0.0.1:$WITH_PORT"
curl -fsS -o /dev/null -D "$WORK/decision.headers" -X POST "$ORIGIN/consent/state" \
  -H "Origin: $ORIGIN" -H "Content-Type: application/json" \
  --data "{\"action\":\"accept-all\",\"page\":\"$PAGE\"}"
CONSENT_COOKIE=$(awk 'tolower($1) == "set-cookie:" { split($2, kv, ";"); print kv[1]; exit }' "$WORK/decision.headers" | tr -d '\r')
[[ -n "$CONSENT_COOKIE" ]] || { echo "compare.sh: the decision set no cookie" >&2; cat "$WORK/decision.headers" >&2; exit 1; }

# Sanity: the page with ConsentKit carries the bootstrap, the baseline does not.
curl -fsS "http://127.0.0.1:$WITH_PORT$PAGE" | grep -q consentkit-bootstrap \
  || { echo "compare.sh: no ConsentKit bootstrap on port $WITH_PORT" >&2; exit 1; }
if curl -fsS "http://127.0.0.1:$WITHOUT_PORT$PAGE" | grep -q consentkit-bootstrap; then
  echo "compare.sh: the baseline on port $WITHOUT_PORT runs ConsentKit" >&2
  exit 1
fi

# Realistic browser headers; CF-IPCountry puts the visitor in an opt-in region.
HEADERS=(-H "Accept: text/html,application/xhtml+xml" -H "Accept-Language: de-DE,de;q=0.9,en;q=0.8"
  -H "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36" -H "CF-IPCountry: DE")

run_wrk() { # port seconds kind -> "requests_per_second p50_us p99_us"
  local port=$1 seconds=$2 kind=$3
  local extra=()
  if [[ $kind == decided ]]; then
    extra=(-H "Cookie: $CONSENT_COOKIE; JSESSIONID=node01load")
  fi
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${seconds}s" --latency "${HEADERS[@]}" "${extra[@]}" \
    "http://127.0.0.1:$port$PAGE" | awk '
      function us(v) {
        if (v ~ /us$/) return v + 0;
        if (v ~ /ms$/) return v * 1000;
        if (v ~ /s$/) return v * 1000000;
        return v;
      }
      $1 == "50%" { p50 = us($2) }
      $1 == "99%" { p99 = us($2) }
      $1 == "Requests/sec:" { rps = $2 }
      /Non-2xx/ { bad = $NF }
      END { printf "%s %s %s %s\n", rps, p50, p99, bad + 0 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "ConsentKit load comparison, $(date -u +%FT%TZ)"
echo "machine: $(nproc) CPUs, $(lscpu 2>/dev/null | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }'), $(java -version 2>&1 | head -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "page $PAGE, wrk -t $THREADS -c $CONNECTIONS -d ${DURATION}s, $ROUNDS rounds per request kind, ${WARMUP}s warm-up"
echo "consent cookie of the returning visitor: ${CONSENT_COOKIE%%=*}=<${#CONSENT_COOKIE} characters>"
echo

for kind in first-visit decided; do
  run_wrk "$WITH_PORT" "$WARMUP" "$kind" >/dev/null
  run_wrk "$WITHOUT_PORT" "$WARMUP" "$kind" >/dev/null
done

declare -A SUMMARY
for kind in first-visit decided; do
  echo "== $kind"
  printf '%-6s %-8s %12s %10s %10s %6s\n' round site req/s p50_us p99_us non2xx
  : >"$WORK/$kind.rounds"
  for round in $(seq 1 "$ROUNDS"); do
    if (( round % 2 )); then order=(with without); else order=(without with); fi
    declare -A result=()
    for site in "${order[@]}"; do
      port=$WITH_PORT
      [[ $site == without ]] && port=$WITHOUT_PORT
      result[$site]=$(run_wrk "$port" "$DURATION" "$kind")
      printf '%-6s %-8s %12s %10s %10s %6s\n' "$round" "$site" ${result[$site]}
    done
    echo "${result[with]} ${result[without]}" >>"$WORK/$kind.rounds"
  done
  # columns: with rps p50 p99 bad, without rps p50 p99 bad
  total=$(awk '{ w += $1; wo += $5 } END { printf "%.3f", w / wo }' "$WORK/$kind.rounds")
  per_round=$(awk '{ printf "%.4f\n", $1 / $5 }' "$WORK/$kind.rounds" | median)
  rps_with=$(awk '{ print $1 }' "$WORK/$kind.rounds" | median)
  rps_without=$(awk '{ print $5 }' "$WORK/$kind.rounds" | median)
  p50=$(awk '{ print $2 - $6 }' "$WORK/$kind.rounds" | median)
  p99=$(awk '{ print $3 - $7 }' "$WORK/$kind.rounds" | median)
  bad=$(awk '{ b += $4 + $8 } END { print b + 0 }' "$WORK/$kind.rounds")
  SUMMARY[$kind]=$(printf '%-12s %10s %10s %10s %12s %14s %14s %7s' "$kind" "$rps_with" "$rps_without" "$total" \
    "$per_round" "$p50" "$p99" "$bad")
  echo
done

echo "== summary (medians over rounds; ratio = with / without)"
printf '%-12s %10s %10s %10s %12s %14s %14s %7s\n' kind 'with r/s' 'w/o r/s' 'ratio' 'median ratio' 'p50 diff us' 'p99 diff us' non2xx
for kind in first-visit decided; do
  echo "${SUMMARY[$kind]}"
done
