#!/usr/bin/env bash
# Read benchmark (issue 2): tmirror read -nn -r versus tcpdump -nn -r on one generated mixed capture, output to
# /dev/null, in one run. Reports wall time, CPU (user+sys) and peak RSS of each (GNU time -v), and their ratio.
#
#   bench/read/run.sh [PACKETS] [RUNS]      defaults: 1000000 packets, 3 runs each (the median is reported)
#
# The capture is generated once per packet count into $TMPDIR (bench/read/generate.py) and kept for later runs.
# Each tool first reads the file once unmeasured, so both start with it in the page cache; tmirror's launcher
# has built its jar and its class-data archive by then.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
packets="${1:-1000000}"
runs="${2:-3}"
work="${TMPDIR:-/tmp}/tm-bench-read"
mkdir -p "$work"
capture="$work/mixed-$packets.pcap"

[ -x /usr/bin/time ] || { echo "bench/read: needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 1; }
command -v tcpdump > /dev/null || { echo "bench/read: needs tcpdump" >&2; exit 1; }

if [ ! -s "$capture" ]; then
  echo "generating $packets packets into $capture ..." >&2
  python3 "$here/generate.py" "$packets" "$capture.part"
  mv "$capture.part" "$capture"
fi

tmirror=("$root/tmirror" read -nn -r "$capture")
tcpdump=(tcpdump -nn -r "$capture")
"${tmirror[@]}" > /dev/null 2>&1 || true   # builds the jar and the class-data archive on first use
"${tcpdump[@]}" > /dev/null 2>&1 || true

# one measured run: prints "wall user sys maxrss_kib"
measure() {
  local stats="$work/time.$$"
  /usr/bin/time -v -o "$stats" "$@" > /dev/null 2> /dev/null || true
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 }
    END { printf "%.2f %.2f %.2f %d\n", w, u, s, r }' "$stats"
  rm -f "$stats"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A wall cpu rss
for tool in tmirror tcpdump; do
  : > "$work/$tool.runs"
  for ((i = 0; i < runs; i++)); do
    if [ "$tool" = tmirror ]; then measure "${tmirror[@]}"; else measure "${tcpdump[@]}"; fi >> "$work/$tool.runs"
  done
  wall[$tool]=$(awk '{ print $1 }' "$work/$tool.runs" | median)
  cpu[$tool]=$(awk '{ printf "%.2f\n", $2 + $3 }' "$work/$tool.runs" | median)
  rss[$tool]=$(awk '{ printf "%.0f\n", $4 / 1024 }' "$work/$tool.runs" | median)
done

size=$(( $(stat -c %s "$capture") / 1048576 ))
echo
echo "read benchmark: $packets packets ($size MiB), median of $runs runs, output to /dev/null, $(nproc) CPUs"
echo
echo "| tool | wall (s) | CPU user+sys (s) | peak RSS (MiB) |"
echo "|---|---:|---:|---:|"
echo "| tmirror read -nn -r | ${wall[tmirror]} | ${cpu[tmirror]} | ${rss[tmirror]} |"
echo "| tcpdump -nn -r | ${wall[tcpdump]} | ${cpu[tcpdump]} | ${rss[tcpdump]} |"
awk -v a="${wall[tmirror]}" -v b="${wall[tcpdump]}" -v c="${cpu[tmirror]}" -v d="${cpu[tcpdump]}" \
  'BEGIN { printf "| ratio tmirror/tcpdump | %.2f | %.2f | |\n", a / b, c / d }'
