#!/usr/bin/env bash
# Agent benchmark (issue 4): how much of an offered UDP load each mirroring tool delivers to the target, and
# its CPU time per mirrored packet, side by side on one three-namespace topology:
#
#   generator ns (iperf3 -c) --veth--> source ns (iperf3 -s; the mirrored interface) --veth--> target ns
#
# Tools: the kernel (tc ingress u32 match u32 0 0 action mirred egress mirror dev VXLAN), daemonlogger -i IF -o
# VXLAN, netsniff-ng --in IF --out VXLAN, tcpdump -w /dev/null (capture cost alone), tmirror agent (frames on a
# PACKET_TX_RING), agent-socket (tmirror agent --send-path socket: raw socket and the IP stack), and agent2:
# tmirror agent --threads 2 (two capture threads in a PACKET_FANOUT hash group; a flow stays on one thread, so
# with FLOWS=1 the second thread idles: set FLOWS to offer the rate as that many parallel UDP flows). The
# target counts VXLAN packets with an nftables counter at the device's ingress hook and drops them there, before
# the IP layer: no ICMP goes back, and the receive path, which the kernel runs in the softirq of whichever process
# sent into the veth and charges to it, costs every tool as little as it can.
#   mirrored % = target count / packets that reached the source interface (its rx counter)
#   CPU/pkt    = utime+stime of the mirroring process (/proc/PID/stat) / mirrored packets, over the tool's whole run
#                (start, offered load, drain until the target's counter settles): the JVM's start-up and JIT are
#                charged to the agent
#   steady/pkt = the same over the measured phase only: each tool first gets WARMUP seconds of the same load (so
#                the JVM has compiled the agent's hot path), then DURATION seconds are measured: what each further
#                packet costs a running mirror. Offered and mirrored counts cover both phases.
# Packets are counted over the whole run, so a tool that lags still gets its late packets counted.
# The kernel path runs in softirq context: no process to charge, so its CPU is not reported.
#
# The agent runs through the ./tmirror launcher, as users run it, with --nice 0 like its peers (its default, nice
# 10, yields the CPU to the host first).
# Usage: sudo bench/agent/run.sh            (env: WARMUP=3 DURATION=5 RATES="100000 200000 300000 max" SIZES="64 512"
#                                            TOOLS="kernel daemonlogger netsniff-ng tcpdump agent agent2"
#                                            FLOWS=1 (iperf3 -P: the rate is split over that many flows)
#                                            BENCH_LOGS=DIR keeps each tool's output)
# Root is needed (namespaces). Everything created is named tm*<suffix> and removed on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-3}
RATES=${RATES:-"100000 200000 300000 max"}
SIZES=${SIZES:-"64 512"}
TOOLS=${TOOLS:-"kernel daemonlogger netsniff-ng tcpdump agent agent2"}
FLOWS=${FLOWS:-1}
[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (network namespaces)" >&2; exit 1; }
for t in ip tc nft iperf3 tcpdump daemonlogger netsniff-ng; do
  command -v "$t" > /dev/null || { echo "run.sh: missing $t" >&2; exit 1; }
done

sfx=$(head -c 64 /dev/urandom | tr -dc 'a-z0-9' | head -c 4)
G=tmbg$sfx S=tmbs$sfx T=tmbt$sfx
GIF=tmga$sfx SIF=tmsa$sfx SOUT=tmso$sfx TIF=tmto$sfx VX=tmvx$sfx
work=$(mktemp -d /tmp/tmbench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  sleep 0.5
  for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null || true; done
  for n in "$G" "$S" "$T"; do ip netns del "$n" 2> /dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# --- topology ---------------------------------------------------------------------------------------------------
for n in "$G" "$S" "$T"; do
  ip netns add "$n"
  ip -n "$n" link set lo up
  ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link add "$GIF" netns "$G" type veth peer name "$SIF" netns "$S"
ip link add "$SOUT" netns "$S" type veth peer name "$TIF" netns "$T"
ip -n "$G" addr add 10.96.1.1/24 dev "$GIF"; ip -n "$S" addr add 10.96.1.2/24 dev "$SIF"
ip -n "$S" addr add 10.96.2.1/24 dev "$SOUT"; ip -n "$T" addr add 10.96.2.2/24 dev "$TIF"
for l in "$G:$GIF" "$S:$SIF" "$S:$SOUT" "$T:$TIF"; do ip -n "${l%%:*}" link set "${l#*:}" up; done
ip -n "$S" link add "$VX" type vxlan id 42 remote 10.96.2.2 local 10.96.2.1 dstport 4789 noudpcsum dev "$SOUT"
ip -n "$S" link set "$VX" up
ip netns exec "$T" nft -f - <<NFT
table netdev tmb$sfx {
  counter vxlan { }
  chain in { type filter hook ingress device $TIF priority -500; udp dport 4789 counter name vxlan drop; }
}
NFT
ip netns exec "$S" iperf3 -s -B 10.96.1.2 > /dev/null 2>&1 & pids+=($!)

cat > "$work/mirror.yaml" <<YAML
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Source:
    Type: AWS::EC2::NetworkInterface
    Properties:
      PrivateIpAddress: 10.96.1.2
      Tags: [{Key: tmirror:interface, Value: $SIF}]
  Target:
    Type: AWS::EC2::TrafficMirrorTarget
    Properties: {NetworkInterfaceId: !Ref TargetInterface}
  TargetInterface:
    Type: AWS::EC2::NetworkInterface
    Properties: {PrivateIpAddress: 10.96.2.2}
  All:
    Type: AWS::EC2::TrafficMirrorFilter
  In:
    Type: AWS::EC2::TrafficMirrorFilterRule
    Properties: {TrafficMirrorFilterId: !Ref All, TrafficDirection: ingress, RuleNumber: 100, RuleAction: accept,
                 SourceCidrBlock: 0.0.0.0/0, DestinationCidrBlock: 0.0.0.0/0}
  Session:
    Type: AWS::EC2::TrafficMirrorSession
    Properties: {NetworkInterfaceId: !Ref Source, TrafficMirrorTargetId: !Ref Target, TrafficMirrorFilterId: !Ref All,
                 SessionNumber: 1, VirtualNetworkId: 42}
YAML

# --- measurement helpers ----------------------------------------------------------------------------------------
rx() { ip netns exec "$S" cat "/sys/class/net/$SIF/statistics/rx_packets"; }
target_count() { ip netns exec "$T" nft -j list counter netdev "tmb$sfx" vxlan | grep -o '"packets": *[0-9]*' | grep -o '[0-9]*$'; }
cpu_ticks() { [ -n "${1:-}" ] && awk '{print $14 + $15}' "/proc/$1/stat" 2> /dev/null || echo 0; }
hz=$(getconf CLK_TCK)
offer() { # rate size seconds
  local bw=0
  [ "$1" != max ] && bw=$(( $1 * $2 * 8 / FLOWS ))
  ip netns exec "$G" iperf3 -c 10.96.1.2 -u -P "$FLOWS" -l "$2" -b "$bw" -t "$3" > /dev/null 2>&1 || true
}

drain() { # wait until the target's counter stops moving (a lagging tool still sends), at most 5 s
  local last=-1 now
  for _ in $(seq 10); do
    sleep 0.5; now=$(target_count)
    [ "$now" = "$last" ] && return
    last=$now
  done
}

start_tool() { # tool -> sets tool_pid (empty for the kernel)
  tool_pid=
  rm -f "$work/tool.log"
  case "$1" in
    kernel)
      ip netns exec "$S" tc qdisc add dev "$SIF" ingress
      ip netns exec "$S" tc filter add dev "$SIF" parent ffff: protocol all u32 match u32 0 0 action mirred egress mirror dev "$VX" ;;
    daemonlogger) ip netns exec "$S" daemonlogger -i "$SIF" -o "$VX" > "$work/tool.log" 2>&1 & tool_pid=$! ;;
    netsniff-ng) ip netns exec "$S" netsniff-ng --in "$SIF" --out "$VX" --silent --ring-size 16MiB > "$work/tool.log" 2>&1 & tool_pid=$! ;;
    tcpdump) ip netns exec "$S" tcpdump -i "$SIF" -n -w /dev/null > "$work/tool.log" 2>&1 & tool_pid=$! ;;
    agent|agent2|agent-socket)
      ip netns exec "$S" "$here/tmirror" agent --interface "$SIF" --config "$work/mirror.yaml" --nice 0 --threads $([ "$1" = agent2 ] && echo 2 || echo 1) \
        --send-path $([ "$1" = agent-socket ] && echo socket || echo ring) > "$work/tool.log" 2>&1 & tool_pid=$!
      for _ in $(seq 100); do grep -qs 'tmirror agent: capturing' "$work/tool.log" && break; sleep 0.1; done ;;
  esac
  [ -n "$tool_pid" ] && pids+=("$tool_pid")
  sleep 1
}
stop_tool() {
  if [ "$1" = kernel ]; then ip netns exec "$S" tc qdisc del dev "$SIF" ingress; return; fi
  kill -TERM "$tool_pid" 2> /dev/null || true
  wait "$tool_pid" 2> /dev/null || true
}

# The agent runs as users run it, through the launcher (its JVM flags and class-data archive); build it first.
if [[ " $TOOLS " == *" agent"* ]]; then "$here/tmirror" --version > /dev/null; fi

printf '%-8s %-7s %-13s %12s %12s %11s %11s %11s\n' payload rate tool offered mirrored mirrored% cpu_us/pkt steady_us/pkt
for size in $SIZES; do
  for rate in $RATES; do
    for tool in $TOOLS; do
      r0=$(rx); t0=$(target_count)
      start_tool "$tool"
      if [ "$WARMUP" -gt 0 ]; then offer "$rate" "$size" "$WARMUP"; drain; fi
      rw=$(rx); tw=$(target_count); cw=$(cpu_ticks "$tool_pid")
      offer "$rate" "$size" "$DURATION"
      drain
      r1=$(rx); t1=$(target_count); c1=$(cpu_ticks "$tool_pid")
      stop_tool "$tool"
      if [ -n "${BENCH_LOGS:-}" ] && [ -f "$work/tool.log" ]; then cp "$work/tool.log" "$BENCH_LOGS/$tool-$size-$rate.log"; fi
      offered=$((r1 - r0)); mirrored=$((t1 - t0)); steady_mirrored=$((t1 - tw))
      if [ "$tool" = tcpdump ]; then  # capture only: what it captured of the whole run (its own exit report)
        captured=$(grep -o '^[0-9]* packets captured' "$work/tool.log" | grep -o '^[0-9]*' || echo 0)
        dropped=$(grep -o '^[0-9]* packets dropped by kernel' "$work/tool.log" | grep -o '^[0-9]*' || echo 0)
        mirrored=$((offered - dropped)); [ "$captured" -lt "$mirrored" ] && mirrored=$captured
        steady_mirrored=$((r1 - rw))
      fi
      pct=$(awk -v m="$mirrored" -v o="$offered" 'BEGIN { printf "%.2f", o ? 100 * m / o : 0 }')
      if [ "$tool" = kernel ]; then cpu=softirq steady=softirq
      else
        cpu=$(awk -v c="$c1" -v hz="$hz" -v m="$mirrored" 'BEGIN { printf "%.3f", m ? c / hz * 1e6 / m : 0 }')
        steady=$(awk -v c="$((c1 - cw))" -v hz="$hz" -v m="$steady_mirrored" 'BEGIN { printf "%.3f", m ? c / hz * 1e6 / m : 0 }')
      fi
      printf '%-8s %-7s %-13s %12d %12d %11s %11s %11s\n' "$size" "$rate" "$tool" "$offered" "$mirrored" "$pct" "$cpu" "$steady"
    done
  done
done
