package net.trafficmirror.lab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.trafficmirror.lab.Topology.AclEntry;
import net.trafficmirror.lab.Topology.GroupRule;
import net.trafficmirror.lab.Topology.NetworkAcl;
import net.trafficmirror.lab.Topology.NetworkInterface;
import net.trafficmirror.lab.Topology.SecurityGroup;
import net.trafficmirror.lab.Topology.Subnet;

/**
 * nftables rulesets (nft(8) syntax) for the VPC's filters, following the AWS VPC User Guide:
 * <ul>
 * <li>security groups ("Security group rules"): stateful, allow-only, the union of the interface's groups;
 *     replies to allowed traffic pass; no egress rules in the template means EC2's default allow-all egress;
 *     a rule naming a group matches the private addresses of that group's members;</li>
 * <li>network ACLs ("Network ACL rules"): stateless, evaluated in rule-number order, first match decides,
 *     then the implicit deny (rule *); inbound rules see traffic entering the subnet, outbound leaving it;
 *     traffic inside a subnet is not filtered;</li>
 * <li>the internet gateway ("Enable internet access"): 1:1 NAT between each public and private address, and
 *     nothing passes for an instance without a public address.</li>
 * </ul>
 */
final class FirewallRules {
    private FirewallRules() {}

    /** The security groups of the interface {@code eth0} in an instance's namespace. */
    static String securityGroups(NetworkInterface eni, Map<String, NetworkInterface> allInterfaces) {
        StringBuilder s = new StringBuilder("table inet tmsg {\n");
        s.append("  chain ingress {\n    type filter hook input priority filter; policy accept;\n")
                .append("    iifname != \"eth0\" accept\n    ct state established,related accept\n");
        for (SecurityGroup g : eni.groups) {
            for (GroupRule r : g.ingress) rule(s, r, "saddr", allInterfaces);
        }
        s.append("    counter drop\n  }\n");
        s.append("  chain egress {\n    type filter hook output priority filter; policy accept;\n")
                .append("    oifname != \"eth0\" accept\n    ct state established,related accept\n");
        for (SecurityGroup g : eni.groups) {
            if (g.defaultEgress) s.append("    meta nfproto ipv4 accept\n");
            for (GroupRule r : g.egress) rule(s, r, "daddr", allInterfaces);
        }
        return s.append("    counter drop\n  }\n}\n").toString();
    }

    private static void rule(StringBuilder s, GroupRule r, String field, Map<String, NetworkInterface> allInterfaces) {
        String match;
        if (r.peer() != null) {
            Set<String> members = new LinkedHashSet<>();
            for (NetworkInterface e : allInterfaces.values()) {
                if (e.groups.contains(r.peer())) members.add(Ipv4Block.dotted(e.privateIp));
            }
            if (members.isEmpty()) return; // a group without members matches nothing
            match = "ip " + field + " { " + String.join(", ", members) + " }";
        } else {
            match = address(field, r.cidr());
        }
        s.append("    ").append(match).append(protocol(r.protocol(), r.from(), r.to(), true)).append(" accept\n");
    }

    /**
     * The network ACLs of a VPC's subnets, on the subnet bridges of the router namespace. A subnet without an
     * association has the VPC's default ACL, which allows everything, so it gets no chain.
     */
    static String networkAcls(List<Subnet> subnets) {
        StringBuilder s = new StringBuilder("table inet tmnacl {\n");
        StringBuilder base = new StringBuilder("  chain forward {\n    type filter hook forward priority filter; policy accept;\n");
        for (Subnet subnet : subnets) {
            NetworkAcl acl = subnet.networkAcl;
            if (acl == null || acl.isDefault) continue;
            String b = subnet.bridge;
            base.append("    iifname \"").append(b).append("\" oifname \"").append(b).append("\" accept\n");
            base.append("    iifname \"").append(b).append("\" jump ").append(b).append("_out\n");
            base.append("    oifname \"").append(b).append("\" jump ").append(b).append("_in\n");
            aclChain(s, b + "_out", acl, true);
            aclChain(s, b + "_in", acl, false);
        }
        return s.append(base).append("  }\n}\n").toString();
    }

    private static void aclChain(StringBuilder s, String chain, NetworkAcl acl, boolean egress) {
        s.append("  chain ").append(chain).append(" {\n");
        List<AclEntry> entries = new ArrayList<>(acl.entries.stream().filter(e -> e.egress() == egress).toList());
        entries.sort(Comparator.comparingInt(AclEntry::number));
        for (AclEntry e : entries) {
            // "allow" returns to the base chain, which then checks the destination subnet's inbound rules.
            s.append("    ").append(address(egress ? "daddr" : "saddr", e.cidr()))
                    .append(e.protocol() == 1 ? protocol(1, e.icmpType(), e.icmpCode(), false) : protocol(e.protocol(), e.fromPort(), e.toPort(), false))
                    .append(e.allow() ? " counter return" : " counter drop").append(" comment \"rule ").append(e.number()).append("\"\n");
        }
        s.append("    counter drop comment \"rule *\"\n  }\n");
    }

    /**
     * The internet gateway's 1:1 NAT: public → private on the way in, private → public on the way out, also
     * between two instances of the VPC that talk through public addresses.
     */
    static String internetGateway(Map<String, String> publicToPrivate) {
        StringBuilder s = new StringBuilder("table ip tmigw {\n");
        String privateSet = publicToPrivate.isEmpty() ? null : String.join(", ", publicToPrivate.values());
        if (privateSet != null) {
            s.append("  chain pre {\n    type nat hook prerouting priority dstnat; policy accept;\n    dnat to ip daddr map { ");
            s.append(String.join(", ", publicToPrivate.entrySet().stream().map(e -> e.getKey() + " : " + e.getValue()).toList()));
            s.append(" }\n  }\n  chain post {\n    type nat hook postrouting priority srcnat; policy accept;\n    snat to ip saddr map { ");
            s.append(String.join(", ", publicToPrivate.entrySet().stream().map(e -> e.getValue() + " : " + e.getKey()).toList()));
            s.append(" }\n  }\n");
        }
        s.append("  chain forward {\n    type filter hook forward priority filter; policy drop;\n");
        if (privateSet != null) {
            s.append("    iifname \"vpc\" ip saddr { ").append(privateSet).append(" } accept\n");
            s.append("    iifname \"inet\" ip daddr { ").append(privateSet).append(" } accept\n");
        }
        return s.append("  }\n}\n").toString();
    }

    /** A NAT gateway: the VPC's traffic to elsewhere leaves with the gateway's own private address. */
    static String natGateway(Ipv4Block vpc) {
        return "table ip tmnat {\n  chain post {\n    type nat hook postrouting priority srcnat; policy accept;\n"
                + "    ip saddr " + vpc + " ip daddr != " + vpc + " masquerade\n  }\n}\n";
    }

    private static String address(String field, String cidr) {
        return cidr.endsWith("/0") ? "meta nfproto ipv4" : "ip " + field + " " + cidr;
    }

    /** Protocol and ports (TCP/UDP destination port range) or ICMP type and code; -1 means any. */
    private static String protocol(int protocol, int from, int to, boolean groupRule) {
        return switch (protocol) {
            case -1 -> "";
            case 6, 17 -> {
                String p = protocol == 6 ? "tcp" : "udp";
                if (from < 0 || groupRule && from == 0 && to == 65535) yield " meta l4proto " + p;
                yield " " + p + " dport " + (from == to ? String.valueOf(from) : from + "-" + to);
            }
            case 1 -> " meta l4proto icmp" + (from >= 0 ? " icmp type " + from : "") + (to >= 0 && from >= 0 ? " icmp code " + to : "");
            default -> " meta l4proto " + protocol;
        };
    }
}
