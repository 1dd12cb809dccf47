#!/usr/bin/env bash
# Builds the tcpdump comparison corpus (packet/src/test/resources/captures) from real traffic.
#
# Run once, as root, on a Linux host with tcpdump, tshark/editcap, curl, python3 and iproute2:
#   sudo packet/src/test/scripts/make-captures.sh
# Its output pcaps are committed; the comparison test (TcpdumpComparisonTest) only reads them.
#
# Every scenario runs inside two network namespaces joined by a veth pair and is captured with the real
# `tcpdump -w` there, bounded in packets (-c) and time (timeout). Frames no kernel sends by itself (odd TCP and
# IP options, IPv6 extension headers, ICMP errors, GENEVE) are built by craft.py and sent through an AF_PACKET
# or UDP socket inside the namespace; malformed ones and other link types are written by craft.py directly.
# Everything created is named tmcap-<suffix>... / tmc<suffix>... and removed by exact name on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(cd "$here/../resources" && pwd)/captures"
craft="python3 $here/craft.py"
suffix="$$"
nsa="tmcap-$suffix-a" nsb="tmcap-$suffix-b"
va="tmca$suffix" vb="tmcb$suffix"       # veth ends (<= 15 chars)
work="$(mktemp -d /tmp/tmcap.XXXXXX)"
pids=()

cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  ip netns del "$nsa" 2>/dev/null || true
  ip netns del "$nsb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

A() { ip netns exec "$nsa" "$@"; }
B() { ip netns exec "$nsb" "$@"; }

mkdir -p "$out"
ip netns add "$nsa"
ip netns add "$nsb"
ip link add "$va" netns "$nsa" type veth peer name "$vb" netns "$nsb"
A ip link set dev "$va" address 02:00:00:77:00:0a
B ip link set dev "$vb" address 02:00:00:77:00:0b
for side in A B; do $side ip link set lo up; $side sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0; done
A ip addr add 10.77.0.1/24 dev "$va"; A ip addr add fd77::1/64 dev "$va" nodad
B ip addr add 10.77.0.2/24 dev "$vb"; B ip addr add fd77::2/64 dev "$vb" nodad
A ip link set "$va" up; B ip link set "$vb" up
sleep 1
mac_a="$(A cat /sys/class/net/$va/address)"; mac_b="$(B cat /sys/class/net/$vb/address)"

# capture NAME NS IFACE MAXPACKETS [tcpdump args...]: starts tcpdump -w in the background and waits until it listens
capture() {
  local name="$1" ns="$2" ifc="$3" max="$4"; shift 4
  timeout 60 ip netns exec "$ns" tcpdump -Z root -U --immediate-mode -c "$max" -i "$ifc" "$@" -w "$out/$name" 2> "$work/$name.err" &
  cap_pid=$!
  pids+=("$cap_pid")
  for _ in $(seq 100); do
    # the socket may take a moment to see traffic after tcpdump says it listens
    if grep -qs 'listening on' "$work/$name.err"; then sleep 0.5; return; fi
    sleep 0.05
  done
  echo "tcpdump for $name did not start: $(cat "$work/$name.err")" >&2; exit 1
}
# finish: lets the last packets arrive, stops tcpdump by its PID and waits for it
finish() {
  sleep 1.5  # also without --immediate-mode's effect, a TPACKET_V3 block is handed over within 1 s
  kill -INT "$cap_pid" 2>/dev/null || true
  wait "$cap_pid" 2>/dev/null || true
  echo "captured $(tcpdump -r "$out/$1" 2>/dev/null | wc -l) lines in $1" >&2
}
# start_bg CMD...: a server in the background, remembered for cleanup
start_bg() { "$@" > /dev/null 2>&1 & pids+=("$!"); }

# --- HTTP servers (python http.server, dual-stack) on 80 and 8080 in B
mkdir -p "$work/www"
printf '<html><body>trafficmirror corpus</body></html>\n' > "$work/www/index.html"
head -c 3000 /dev/zero | tr '\0' 'x' > "$work/www/big.txt"
start_bg B python3 -m http.server 80 --bind :: --directory "$work/www"
start_bg B python3 -m http.server 8080 --bind :: --directory "$work/www"
curlA() { A curl -s -o /dev/null --noproxy '*' --max-time 5 "$@" || true; }
for port in 80 8080; do   # wait until both servers answer (outside any capture)
  for _ in $(seq 100); do A curl -s -o /dev/null --noproxy '*' "http://10.77.0.2:$port/" && break; sleep 0.1; done
done

capture http-ipv4.pcap "$nsa" "$va" 200
curlA http://10.77.0.2/
curlA http://10.77.0.2:8080/big.txt
curlA -X POST -d 'a=1&b=2' http://10.77.0.2/form
curlA -I http://10.77.0.2:8080/
curlA http://10.77.0.2/missing
finish http-ipv4.pcap

capture http-ipv6.pcap "$nsa" "$va" 200
curlA 'http://[fd77::2]:8080/'
curlA 'http://[fd77::2]/big.txt'
curlA -X OPTIONS 'http://[fd77::2]/'
finish http-ipv6.pcap

capture snaplen80.pcap "$nsa" "$va" 200 -s 80
curlA http://10.77.0.2/
curlA 'http://[fd77::2]:8080/big.txt'
finish snaplen80.pcap

# --- DNS over UDP and TCP, answered by craft.py's responder in B
start_bg B $craft serve-dns :: 300
sleep 0.5
capture dns-udp.pcap "$nsa" "$va" 200
A $craft dns-client 10.77.0.2 udp
A $craft dns-client fd77::2 udp
finish dns-udp.pcap
capture dns-tcp.pcap "$nsa" "$va" 300
A $craft dns-client 10.77.0.2 tcp
finish dns-tcp.pcap

# --- text protocols (FTP, SSH banner, SMTP, WHOIS, RTSP) and common UDP services (NTP, DHCP, mDNS, LLMNR, SSDP, syslog)
start_bg B $craft serve-text 300
sleep 0.5
capture services.pcap "$nsa" "$va" 300
A $craft text-clients 10.77.0.2
A env TM_IFACE="$va" $craft udp-services 10.77.0.2
finish services.pcap

# --- ICMP, ICMPv6, ARP, neighbour discovery, unreachables and fragments from the kernel itself
A ip neigh flush dev "$va"; B ip neigh flush dev "$vb"
capture icmp-arp.pcap "$nsb" "$vb" 200
A $craft ping 10.77.0.2 3
A $craft ping fd77::2 3
A ip addr add fd77::99/64 dev "$va"   # DAD neighbour solicitation and an MLD report, sent by the kernel
B $craft ping fe80::ff:fe77:a%"$vb" 1 || true
A $craft router "$va" rs
B $craft router "$vb" ra
A $craft udp-probe 10.77.0.2 33434 12
A $craft udp-probe fd77::2 33434 12
A $craft udp-probe 10.77.0.2 9 4000    # fragmented by the kernel (MTU 1500)
A $craft udp-probe fd77::2 9 3000
A ip -6 neigh flush dev "$va"; A $craft ping fd77::2 1
sleep 1
finish icmp-arp.pcap

# --- hand-built TCP options, IPv4 options, IPv6 extension headers, ICMP errors (AF_PACKET, captured on the peer)
capture tcp-options.pcap "$nsb" "$vb" 300
A $craft send-frames "$va" "$mac_b" tcpopts
finish tcp-options.pcap
capture ip-options.pcap "$nsb" "$vb" 200
A $craft send-frames "$va" "$mac_b" ipopts
A $craft send-frames "$va" "$mac_b" ext6
finish ip-options.pcap
capture icmp-errors.pcap "$nsa" "$va" 200
B $craft send-frames "$vb" "$mac_a" icmperr
finish icmp-errors.pcap

# --- VLAN and QinQ: this kernel has neither the 8021q module nor VLAN-filtering bridges, so real captures are
# re-tagged at the end of this script (craft.py relink vlan/qinq: 802.1Q vid 100; 802.1ad vid 200 over 802.1Q 300).

# --- VXLAN through the kernel's vxlan device (the seed's vni 7348185), curl through it
A ip link add tmcx$suffix type vxlan id 7348185 remote 10.77.0.2 local 10.77.0.1 dstport 4789 dev "$va"
B ip link add tmcx$suffix type vxlan id 7348185 remote 10.77.0.1 local 10.77.0.2 dstport 4789 dev "$vb"
A ip addr add 10.80.0.1/24 dev tmcx$suffix; B ip addr add 10.80.0.2/24 dev tmcx$suffix
A ip link set tmcx$suffix up; B ip link set tmcx$suffix up
sleep 0.5
capture vxlan.pcap "$nsb" "$vb" 300 udp port 4789
A $craft ping 10.80.0.2 2
curlA http://10.80.0.2/
curlA http://10.80.0.2:8080/
finish vxlan.pcap

# --- GENEVE built by hand, sent over a UDP socket to port 6081 (the kernel here has no geneve device)
capture geneve.pcap "$nsb" "$vb" 100 udp port 6081
A $craft geneve 10.77.0.2
A $craft geneve fd77::2
finish geneve.pcap

# --- Linux cooked captures on "any" (SLL2 is 4.99.3's default there, SLL v1 on request), nanosecond pcap
capture sll2.pcap "$nsa" any 200
A $craft ping 10.80.0.2 1
A $craft ping 127.0.0.1 1   # on lo: ifindex 1, named "lo" by tcpdump on any host
A $craft dns-client 10.77.0.2 udp
curlA http://10.80.0.2:8080/
finish sll2.pcap
capture sll.pcap "$nsa" any 200 -y LINUX_SLL
A $craft ping fd77::2 1
A $craft dns-client fd77::2 udp
curlA 'http://[fd77::2]:8080/'
finish sll.pcap
capture nano.pcap "$nsa" "$va" 100 --time-stamp-precision=nano
A $craft ping 10.77.0.2 2
curlA http://10.77.0.2:8080/
finish nano.pcap

# --- pcapng: two interfaces through tshark (dumpcap), and a conversion of a pcap by editcap
timeout 60 ip netns exec "$nsa" tshark -q -i "$va" -i lo -a duration:4 -w "$work/multi.pcapng" > "$work/tshark.err" 2>&1 &
cap_pid=$!; pids+=("$cap_pid")
sleep 2
A $craft ping 10.77.0.2 2
A $craft ping 127.0.0.1 2
A $craft dns-client 10.77.0.2 udp
wait "$cap_pid" || { cat "$work/tshark.err" >&2; exit 1; }
cp "$work/multi.pcapng" "$out/multi-if.pcapng"
editcap -F pcapng "$out/dns-tcp.pcap" "$out/dns-tcp.pcapng"

# --- rewritten link types and byte orders, malformed packets, a truncated file
$craft relink "$out/http-ipv4.pcap" "$out/raw-ip.pcap" raw101
$craft relink "$out/icmp-arp.pcap" "$out/raw-ipv4.pcap" raw228
$craft relink "$out/http-ipv6.pcap" "$out/raw-ipv6.pcap" raw229
$craft relink "$out/icmp-arp.pcap" "$out/null.pcap" null
$craft relink "$out/sll2.pcap" "$work/sll2.pcap" ifindex && mv "$work/sll2.pcap" "$out/sll2.pcap"
$craft relink "$out/http-ipv4.pcap" "$out/vlan.pcap" vlan
$craft relink "$out/icmp-arp.pcap" "$out/qinq.pcap" qinq
$craft relink "$out/dns-udp.pcap" "$out/swapped.pcap" swap
$craft relink "$out/nano.pcap" "$out/swapped-nano.pcap" swap
$craft malformed "$out/malformed.pcap"
$craft bad-records "$out/bad-records.pcap"
$craft truncate-last "$out/dns-udp.pcap" "$out/truncated-last.pcap"
seeds="$here/../resources/net/trafficmirror/packet/compare/PrinterFuzzTestInputs/everyFramePrintsOneNewlineTerminatedText"
rm -f "$seeds"/*-[0-9]
$craft fuzz-seeds "$out" "$seeds"
ls -l "$out" >&2
