#!/usr/bin/env bash
# Collector benchmark (issue 5): mirror traffic driven into the target at rising rates, 64- and 1400-byte inner
# frames; the collector writing decapsulated pcap versus `tcpdump -w` on port 4789 on the same interface.
# Reports, per step: packets sent, packets each one got, loss, and CPU time per packet (user+system of the
# process, from /proc/PID/stat). Not a test: run it by hand, as root, in one go:
#   bench/collector/run.sh [SECONDS_PER_STEP (default 5)] [RATES (default "100000 200000 300000 max")]
# Everything it creates is named tm*<pid> and removed on exit; traffic stays inside two network namespaces.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
secs="${1:-5}"
rates="${2:-100000 200000 300000 max}"
sfx=$$
A=tmbs$sfx B=tmbt$sfx VA=tmvbs$sfx VB=tmvbt$sfx NFT=tmbench$sfx
work="$(mktemp -d /tmp/tmbench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  ip netns del "$A" 2>/dev/null || true
  ip netns del "$B" 2>/dev/null || true
  [ -n "${KEEP_LOG:-}" ] && cp "$work"/last-collector.err "$KEEP_LOG" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (network namespaces)" >&2; exit 1; }
for t in trafgen tcpdump nft python3; do command -v $t >/dev/null || { echo "run.sh: needs $t" >&2; exit 1; }; done

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
(cd "$root" && PATH="$JAVA_HOME/bin:$PATH" mvn -B -q -ntp -DskipTests package -pl cli -am) >/dev/null
java="$JAVA_HOME/bin/java"
jar="$root/cli/target/tmirror.jar"

ip netns add "$A"; ip netns add "$B"
ip link add "$VA" netns "$A" type veth peer name "$VB" netns "$B"
ip -n "$A" link set "$VA" mtu 9001 up; ip -n "$B" link set "$VB" mtu 9001 up
ip -n "$A" addr add 10.100.0.223/24 dev "$VA"; ip -n "$B" addr add 10.100.0.177/24 dev "$VB"
mac="$(ip netns exec "$B" cat /sys/class/net/$VB/address)"
clk=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The JVM's children (none) and threads are all in /proc/PID/stat's utime/stime.

# send RATE COUNT CFG: trafgen on one CPU, without touching system socket memory or IRQ affinity.
send() {
  local rate="$1" n="$2" cfg="$3"
  local opt=()
  [ "$rate" != max ] && opt=(-b "${rate}pps")
  ip netns exec "$A" trafgen -o "$VA" -i "$cfg" -n "$n" -P 1 --no-sock-mem --notouch-irq -C "${opt[@]}" >/dev/null 2>&1
}

# run_collector RATE N CFG EXTRA...: prints "received cpu_ticks" for the measured burst (after a warm-up burst).
run_collector() {
  local rate="$1" n="$2" cfg="$3"; shift 3
  rm -rf "$work/c"; mkdir -p "$work/c"
  ip netns exec "$B" "$java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -jar "$jar" collector \
    --listen 10.100.0.177:4789 --geneve-port 0 -w "$work/c" "$@" > "$work/c.out" 2> "$work/c.err" &
  local cpid=$!; pids+=("$cpid")
  for _ in $(seq 100); do grep -q "listening on" "$work/c.err" 2>/dev/null && break; sleep 0.1; done
  local warm=200000
  send 100000 "$warm" "$cfg"; sleep 1
  local c0; c0=$(cpu_ticks "$cpid")
  send "$rate" "$n" "$cfg"; sleep 1
  local c1; c1=$(cpu_ticks "$cpid")
  kill -TERM "$cpid"; wait "$cpid" || true
  cp "$work/c.err" "$work/last-collector.err"
  echo "$(( $(sed -n 's/^\([0-9]*\) datagrams received.*/\1/p' "$work/c.err") - warm )) $((c1 - c0))"
}
loss() { awk -v s="$1" -v g="$2" 'BEGIN{printf "%.2f%%", 100*(s-g)/s}'; }
perpkt() { awk -v t="$1" -v k="$clk" -v g="$2" 'BEGIN{printf "%.2f", g ? t/k*1e6/g : 0}'; }

printf '%-6s %-7s %-9s | %-21s | %-21s | %-21s\n' inner rate sent "collector --capture" "collector (UDP socket)" "tcpdump -w"
printf '%-6s %-7s %-9s | %-8s %-5s %-6s | %-8s %-5s %-6s | %-8s %-5s %-6s\n' "" "" "" got loss us/pkt got loss us/pkt got loss us/pkt
for size in 64 1400; do
  cfg="$work/frame$size.cfg"
  python3 "$here/make-trafgen.py" "$mac" "$size" > "$cfg"
  for rate in $rates; do
    if [ "$rate" = max ]; then n=$((1000000 * secs / 5)); else n=$((rate * secs)); fi

    # --- the collector writing decapsulated pcap, from the interface ring and from UDP sockets
    read -r rgot rticks < <(run_collector "$rate" "$n" "$cfg" --capture "$VB" --nft-drop)
    read -r sgot sticks < <(run_collector "$rate" "$n" "$cfg")

    # --- tcpdump -w on the same interface; nftables drops the datagrams so the kernel does not answer them
    ip netns exec "$B" nft add table inet "$NFT"
    ip netns exec "$B" nft add chain inet "$NFT" in '{ type filter hook input priority 0; }'
    ip netns exec "$B" nft add rule inet "$NFT" in udp dport 4789 drop
    ip netns exec "$B" tcpdump -i "$VB" -w "$work/t.pcap" udp port 4789 > "$work/t.out" 2> "$work/t.err" &
    tpid=$!; pids+=("$tpid")
    for _ in $(seq 100); do grep -q "listening on" "$work/t.err" 2>/dev/null && break; sleep 0.1; done
    t0=$(cpu_ticks "$tpid")
    send "$rate" "$n" "$cfg"; sleep 1
    t1=$(cpu_ticks "$tpid")
    kill -INT "$tpid"; wait "$tpid" || true
    ip netns exec "$B" nft delete table inet "$NFT"
    tgot=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$work/t.err")
    printf '%-6s %-7s %-9s | %-8s %-5s %-6s | %-8s %-5s %-6s | %-8s %-5s %-6s\n' "$size" "$rate" "$n" \
      "$rgot" "$(loss "$n" "$rgot")" "$(perpkt "$rticks" "$rgot")" "$sgot" "$(loss "$n" "$sgot")" "$(perpkt "$sticks" "$sgot")" \
      "$tgot" "$(loss "$n" "$tgot")" "$(perpkt $((t1 - t0)) "$tgot")"
  done
done
