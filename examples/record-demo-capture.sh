#!/usr/bin/env bash
# Records the capture that `tmirror demo` replays when it cannot build the lab (no root, not Linux):
# what Client01's eth0 carries during the seed's `curl checkip.amazonaws.com`, in a lab of the seed template,
# captured by the real tcpdump. Run as root from the repository root:  examples/record-demo-capture.sh [OUT.pcap]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-lab/src/main/resources/net/trafficmirror/lab/demo-client01.pcap}")"
name=rec$$
tmp="$(mktemp -d)"
./tmirror lab up examples/vpc-two-instances.yaml --name "$name" > /dev/null
trap './tmirror lab down --name "$name" > /dev/null; rm -rf "$tmp"' EXIT
ns="tm$name-client01"   # the lab names an instance's namespace tm<lab>-<Name tag>
sleep 3                 # let the links' start-up chatter (IGMP reports) pass, as on an instance that has been up a while
ip netns exec "$ns" tcpdump -i eth0 -s 0 --immediate-mode -U -w "$tmp/capture.pcap" 2> /dev/null & capture=$!
sleep 1
ip netns exec "$ns" curl -sS checkip.amazonaws.com
sleep 1
kill -INT "$capture"
wait "$capture" || true
trap - EXIT
./tmirror lab down --name "$name" > /dev/null
cp "$tmp/capture.pcap" "$out"   # a resource of the jar: copied last, once the lab is gone
rm -rf "$tmp"
tcpdump -r "$out" -n 2> /dev/null
