package net.trafficmirror.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.trafficmirror.lab.Topology.Instance;
import net.trafficmirror.lab.Topology.InternetGateway;
import net.trafficmirror.lab.Topology.NatGateway;
import net.trafficmirror.lab.Topology.NetworkInterface;
import net.trafficmirror.lab.Topology.Route;
import net.trafficmirror.lab.Topology.RouteTable;
import net.trafficmirror.lab.Topology.Subnet;
import net.trafficmirror.lab.Topology.Vpc;

/**
 * Makes a {@link Topology} real as network namespaces:
 * <pre>
 *  instance ns (eth0) ──veth── router ns: bridge per subnet (.1 router, .2 resolver) ──veth── igw ns (1:1 NAT)
 *                                                                                      └─veth── internet ns
 * </pre>
 * Every veth is created with both ends already in lab namespaces, so no lab link, address or route ever exists
 * in the root namespace, and lab traffic cannot leave the lab. Each namespace is written to the state file
 * before it is created, so {@code lab down} finds everything after a crash.
 */
final class LabBuilder {
    /** The internet's side of every gateway, and the address checkip.amazonaws.com resolves to (RFC 5737 TEST-NET-2). */
    static final String INTERNET_ROUTER = "198.51.100.1";
    static final String CHECKIP_ADDRESS = "198.51.100.80";
    /** The point-to-point link between a VPC router and its internet gateway (link-local, never routed). */
    private static final String ROUTER_LINK = "169.254.250.1";
    private static final String GATEWAY_LINK = "169.254.250.2";
    private static final int VPC_MTU = 9001; // AWS's MTU inside a VPC; the internet gateway's side stays at 1500

    private final Topology topology;
    private final LabState state;
    private final Path runDir;
    private final String prefix;
    private String internet;

    LabBuilder(Topology topology, LabState state, Path runDir) {
        this.topology = topology;
        this.state = state;
        this.runDir = runDir;
        this.prefix = Lab.prefix(state.name());
    }

    /** Where {@link LabServices} runs: the internet namespace, else the first VPC's router; null for no VPC. */
    String servicesNamespace() {
        if (internet != null) return internet;
        return topology.vpcs.values().stream().map(v -> v.namespace).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** {@link LabServices}' arguments: checkip in the internet, the resolver in each VPC router. */
    List<String> servicesArguments() {
        List<String> args = new ArrayList<>();
        if (internet != null) args.addAll(List.of("checkip", internet, CHECKIP_ADDRESS, "80"));
        for (Vpc vpc : topology.vpcs.values()) {
            // Bound to the resolver's own address, so replies come from the address that was asked.
            if (vpc.namespace != null) args.addAll(List.of("dns", vpc.namespace, Ipv4Block.dotted(vpc.cidr.at(2)), dnsNames().toString()));
        }
        return args;
    }

    private Path dnsNames() {
        return runDir.resolve(state.name()).resolve("dns-names");
    }

    void build() throws LabException {
        nameNamespaces();
        for (String ns : state.namespaces()) {
            HostCommand.run("ip", "netns", "add", ns);
            // An IPv4 VPC: no IPv6 link-local chatter (router solicitations, MLD) on the lab's links.
            HostCommand.sysctl(ns, "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        }
        writeNameResolution();

        List<String> root = new ArrayList<>();
        int port = 0;
        for (NetworkInterface eni : topology.interfaces.values()) {
            String ns = eni.namespace;
            if (ns == null) continue; // an interface no instance or gateway uses
            eni.port = "e" + ++port;
            root.add("link add name eth0 netns " + ns + " address " + eni.mac + " mtu " + VPC_MTU
                    + " type veth peer name " + eni.port + " netns " + eni.subnet.vpc.namespace + " mtu " + VPC_MTU);
        }
        int gatewayIndex = 0;
        Map<InternetGateway, String> uplinks = new LinkedHashMap<>();
        for (InternetGateway g : attachedGateways()) {
            root.add("link add name vpc netns " + g.namespace + " type veth peer name igw netns " + g.vpc.namespace);
            String uplink = "g" + ++gatewayIndex;
            root.add("link add name inet netns " + g.namespace + " type veth peer name " + uplink + " netns " + internet);
            uplinks.put(g, uplink);
        }
        HostCommand.ipBatch(null, root);

        for (Vpc vpc : topology.vpcs.values()) if (vpc.namespace != null) router(vpc);
        for (Instance i : topology.instances.values()) host(i.namespace, i.eni);
        for (NatGateway nat : topology.natGateways.values()) {
            host(nat.namespace, nat.eni);
            HostCommand.sysctl(nat.namespace, "net.ipv4.ip_forward=1", "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.eth0.send_redirects=0");
            HostCommand.nft(nat.namespace, FirewallRules.natGateway(nat.eni.subnet.vpc.cidr));
        }
        gatewayIndex = 0;
        List<String> internetCommands = new ArrayList<>();
        if (internet != null) {
            internetCommands.add("link set lo up");
            internetCommands.add("link add wan type bridge");
            internetCommands.add("link set wan up");
            internetCommands.add("addr add " + INTERNET_ROUTER + "/24 dev wan");
            internetCommands.add("addr add " + CHECKIP_ADDRESS + "/24 dev wan");
        }
        for (Map.Entry<InternetGateway, String> e : uplinks.entrySet()) {
            String uplinkAddress = Ipv4Block.dotted(Ipv4Block.address(INTERNET_ROUTER) + 9 + ++gatewayIndex);
            internetCommands.add("link set " + e.getValue() + " master wan up");
            Map<String, String> nat = gateway(e.getKey(), uplinkAddress);
            for (String publicIp : nat.keySet()) internetCommands.add("route add " + publicIp + "/32 via " + uplinkAddress);
        }
        if (internet != null) HostCommand.ipBatch(internet, internetCommands);
    }

    /** Namespace names: the lab prefix and a role, or the instance's Name tag, unique within the lab. */
    private void nameNamespaces() throws LabException {
        Set<String> used = new HashSet<>();
        int n = 0;
        for (Vpc vpc : topology.vpcs.values()) {
            if (vpc.subnets.isEmpty()) continue;
            vpc.namespace = unique(used, "vpc" + ++n);
        }
        n = 0;
        for (InternetGateway g : attachedGateways()) g.namespace = unique(used, "igw" + ++n);
        if (!attachedGateways().isEmpty()) internet = unique(used, "inet");
        n = 0;
        for (NatGateway nat : topology.natGateways.values()) {
            nat.namespace = unique(used, "nat" + ++n);
            nat.eni.namespace = nat.namespace;
        }
        for (Instance i : topology.instances.values()) {
            String base = i.name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            i.namespace = unique(used, base.isEmpty() ? "i" : base.substring(0, Math.min(24, base.length())));
            i.eni.namespace = i.namespace;
        }
        state.namespaces().addAll(used.stream().sorted().toList());
        state.write(runDir);
    }

    private String unique(Set<String> used, String role) {
        String name = prefix + role;
        for (int k = 2; used.contains(name); k++) name = prefix + role + k;
        used.add(name);
        return name;
    }

    private List<InternetGateway> attachedGateways() {
        return topology.gateways.values().stream().filter(g -> g.vpc != null && g.vpc.namespace != null).toList();
    }

    /** The VPC router: forwarding, a bridge per subnet, routes per route table chosen by the subnet the packet came from. */
    private void router(Vpc vpc) throws LabException {
        String ns = vpc.namespace;
        HostCommand.sysctl(ns, "net.ipv4.ip_forward=1", "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.default.send_redirects=0",
                "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0");
        // Bridged traffic must not meet the router's forward hook (br_netfilter): AWS filters none inside a subnet.
        HostCommand.run("ip", "netns", "exec", ns, "sysctl", "-e", "-qw", "net.bridge.bridge-nf-call-iptables=0");
        List<String> c = new ArrayList<>();
        c.add("link set lo up");
        for (Subnet s : vpc.subnets) {
            c.add("link add " + s.bridge + " type bridge");
            for (NetworkInterface eni : topology.interfaces.values()) {
                if (eni.subnet == s && eni.port != null) c.add("link set " + eni.port + " master " + s.bridge + " up");
            }
            c.add("link set " + s.bridge + " mtu " + VPC_MTU + " up");
            c.add("addr add " + s.cidr.withPrefix(s.router()) + " dev " + s.bridge);
            c.add("addr add " + s.cidr.withPrefix(s.dnsReserved()) + " dev " + s.bridge);
        }
        int resolver = vpc.cidr.at(2);
        if (vpc.subnets.stream().noneMatch(s -> s.cidr.contains(resolver))) c.add("addr add " + Ipv4Block.dotted(resolver) + "/32 dev lo");
        if (vpc.gateway != null) {
            c.add("link set igw up");
            c.add("addr add " + ROUTER_LINK + "/30 dev igw");
        }
        // The main table holds the VPC's "local" routes (the subnets); each route table adds its routes in its own
        // kernel table, consulted after main for packets that came from one of its subnets.
        Set<RouteTable> tables = new java.util.LinkedHashSet<>();
        for (Subnet s : vpc.subnets) tables.add(s.routeTable == null ? vpc.mainTable : s.routeTable);
        for (RouteTable t : tables) {
            for (Route r : t.routes) {
                String via = via(r);
                if (via != null) c.add("route add " + r.destination() + " " + via + " table " + t.table);
            }
        }
        int pref = 40000;
        for (Subnet s : vpc.subnets) {
            RouteTable t = s.routeTable == null ? vpc.mainTable : s.routeTable;
            c.add("rule add iif " + s.bridge + " lookup " + t.table + " pref " + pref++);
        }
        HostCommand.ipBatch(ns, c);
        String acls = FirewallRules.networkAcls(vpc.subnets);
        HostCommand.nft(ns, acls);
    }

    private String via(Route r) {
        if (r.gateway() != null) {
            if (r.gateway().vpc == null || r.gateway().namespace == null) {
                topology.notes.add("route to " + r.destination() + ": internet gateway " + r.gateway().id + " is not attached to this VPC; route is a blackhole");
                return "blackhole";
            }
            return "via " + GATEWAY_LINK + " dev igw";
        }
        NetworkInterface eni = r.nat() != null ? r.nat().eni : r.eni();
        if (eni.port == null) {
            topology.notes.add("route to " + r.destination() + ": " + eni.id + " is not attached; route is a blackhole");
            return "blackhole";
        }
        return "via " + Ipv4Block.dotted(eni.privateIp) + " dev " + eni.subnet.bridge;
    }

    /** An instance or NAT gateway namespace: eth0 with its private address, the subnet router as default gateway. */
    private void host(String ns, NetworkInterface eni) throws LabException {
        Subnet s = eni.subnet;
        HostCommand.ipBatch(ns, List.of("link set lo up", "addr add " + s.cidr.withPrefix(eni.privateIp) + " dev eth0",
                "link set eth0 up", "route add default via " + Ipv4Block.dotted(s.router())));
        if (eni.instance != null) HostCommand.nft(ns, FirewallRules.securityGroups(eni, topology.interfaces));
    }

    /** The internet gateway: 1:1 NAT for every public address of its VPC; returns public → private. */
    private Map<String, String> gateway(InternetGateway g, String uplinkAddress) throws LabException {
        Map<String, String> nat = new LinkedHashMap<>();
        for (NetworkInterface eni : topology.interfaces.values()) {
            if (eni.publicIp != null && eni.port != null && eni.subnet.vpc == g.vpc) nat.put(eni.publicIp, Ipv4Block.dotted(eni.privateIp));
        }
        for (NatGateway n : topology.natGateways.values()) {
            if (n.eni.publicIp != null && n.eni.subnet.vpc == g.vpc) nat.put(n.eni.publicIp, Ipv4Block.dotted(n.eni.privateIp));
        }
        HostCommand.sysctl(g.namespace, "net.ipv4.ip_forward=1", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0");
        HostCommand.ipBatch(g.namespace, List.of("link set lo up", "link set vpc up", "addr add " + GATEWAY_LINK + "/30 dev vpc",
                "link set inet up", "addr add " + uplinkAddress + "/24 dev inet", "route add default via " + INTERNET_ROUTER,
                "route add " + g.vpc.cidr + " via " + ROUTER_LINK));
        HostCommand.nft(g.namespace, FirewallRules.internetGateway(nat));
        return nat;
    }

    /**
     * {@code ip netns exec} bind-mounts /etc/netns/NS/* over /etc, so these files are what the lab's hosts see:
     * hosts with the VPC's private DNS names and checkip.amazonaws.com, and the VPC resolver (VPC base + 2) in
     * resolv.conf. The resolver answers the same names, and public DNS names with the private address, as
     * Amazon's does inside a VPC.
     */
    private void writeNameResolution() throws LabException {
        StringBuilder hosts = new StringBuilder(CHECKIP_ADDRESS + "\tcheckip.amazonaws.com\n");
        StringBuilder dns = new StringBuilder(hosts);
        for (Instance i : topology.instances.values()) {
            String privateIp = Ipv4Block.dotted(i.eni.privateIp);
            String name = topology.privateDnsName(i.eni.privateIp);
            hosts.append(privateIp).append('\t').append(name).append(' ').append(name, 0, name.indexOf('.')).append('\n');
            dns.append(privateIp).append('\t').append(name).append('\n');
            if (i.eni.publicIp != null) dns.append(privateIp).append('\t').append(topology.publicDnsName(i.eni.publicIp)).append('\n');
        }
        try {
            Files.createDirectories(dnsNames().getParent());
            Files.writeString(dnsNames(), dns.toString());
            for (String ns : state.namespaces()) {
                Path dir = Path.of("/etc/netns", ns);
                String resolver = "";
                for (Instance i : topology.instances.values()) {
                    if (ns.equals(i.namespace)) resolver = "nameserver " + Ipv4Block.dotted(i.eni.subnet.vpc.cidr.at(2)) + "\n";
                }
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" + hosts);
                Files.writeString(dir.resolve("resolv.conf"), resolver + "options timeout:1 attempts:2\n");
            }
        } catch (IOException e) {
            throw new LabException("cannot write the lab's name files: " + e.getMessage());
        }
    }
}
