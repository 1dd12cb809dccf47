package net.trafficmirror.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's picture of a deployed template, in AWS's terms, before anything exists on the host: what
 * {@link LabProvisioner} learns from the resources and {@link LabBuilder} turns into namespaces.
 * Everything is keyed by AWS-style physical id, which is what Ref returns inside the template.
 */
final class Topology {
    final String region;
    final Map<String, Vpc> vpcs = new LinkedHashMap<>();
    final Map<String, Subnet> subnets = new LinkedHashMap<>();
    final Map<String, NetworkInterface> interfaces = new LinkedHashMap<>();
    final Map<String, Instance> instances = new LinkedHashMap<>();
    final Map<String, SecurityGroup> securityGroups = new LinkedHashMap<>();
    final Map<String, NetworkAcl> networkAcls = new LinkedHashMap<>();
    final Map<String, RouteTable> routeTables = new LinkedHashMap<>();
    final Map<String, InternetGateway> gateways = new LinkedHashMap<>();
    final Map<String, NatGateway> natGateways = new LinkedHashMap<>();
    final Map<String, ElasticIp> elasticIps = new LinkedHashMap<>();
    /** Resources of types the lab does not model, by type, for the one warning that lists them. */
    final Map<String, List<String>> unknown = new LinkedHashMap<>();
    /** Things the lab accepted but cannot do (a route to a peering connection, ...), one line each. */
    final List<String> notes = new ArrayList<>();

    Topology(String region) {
        this.region = region;
    }

    /** EC2's private DNS name: ip-10-0-0-1.ec2.internal in us-east-1, ip-10-0-0-1.REGION.compute.internal elsewhere. */
    String privateDnsName(int privateIp) {
        String host = "ip-" + Ipv4Block.dotted(privateIp).replace('.', '-');
        return host + (region.equals("us-east-1") ? ".ec2.internal" : "." + region + ".compute.internal");
    }

    /** EC2's public DNS name: ec2-203-0-113-1.compute-1.amazonaws.com in us-east-1, ...REGION.compute.amazonaws.com elsewhere. */
    String publicDnsName(String publicIp) {
        String host = "ec2-" + publicIp.replace('.', '-');
        return host + (region.equals("us-east-1") ? ".compute-1.amazonaws.com" : "." + region + ".compute.amazonaws.com");
    }

    /** The VPC: a router namespace holding one bridge per subnet. */
    static final class Vpc {
        final String id;
        final String logicalId;
        final Ipv4Block cidr;
        final List<Subnet> subnets = new ArrayList<>();
        SecurityGroup defaultGroup;
        NetworkAcl defaultAcl;
        /** The table of subnets without a route table association: the VPC's local routes only. */
        RouteTable mainTable;
        InternetGateway gateway;
        String namespace;

        Vpc(String id, String logicalId, Ipv4Block cidr) {
            this.id = id;
            this.logicalId = logicalId;
            this.cidr = cidr;
        }
    }

    /** A subnet: a bridge in its VPC's router namespace; the router is base+1 and base+2 is reserved for DNS. */
    static final class Subnet {
        final String id;
        final String logicalId;
        final Vpc vpc;
        final Ipv4Block cidr;
        final String availabilityZone;
        final boolean mapPublicIpOnLaunch;
        final String bridge;
        RouteTable routeTable;
        NetworkAcl networkAcl;

        Subnet(String id, String logicalId, Vpc vpc, Ipv4Block cidr, String availabilityZone, boolean mapPublicIpOnLaunch, String bridge) {
            this.id = id;
            this.logicalId = logicalId;
            this.vpc = vpc;
            this.cidr = cidr;
            this.availabilityZone = availabilityZone;
            this.mapPublicIpOnLaunch = mapPublicIpOnLaunch;
            this.bridge = bridge;
        }

        int router() { return cidr.at(1); }
        int dnsReserved() { return cidr.at(2); }
    }

    /** An elastic network interface: one veth, {@code eth0} in its instance's namespace, a port of its subnet's bridge. */
    static final class NetworkInterface {
        final String id;
        final Subnet subnet;
        final int privateIp;
        final String mac;
        final List<SecurityGroup> groups;
        String publicIp;
        Instance instance;
        /** The namespace whose eth0 this interface is: its instance's or its NAT gateway's. */
        String namespace;
        /** The name of the veth end on the subnet's bridge, in the router namespace. */
        String port;

        NetworkInterface(String id, Subnet subnet, int privateIp, String mac, List<SecurityGroup> groups) {
            this.id = id;
            this.subnet = subnet;
            this.privateIp = privateIp;
            this.mac = mac;
            this.groups = groups;
        }
    }

    /** An instance: a namespace with one interface. */
    static final class Instance {
        final String id;
        final String logicalId;
        final String name;
        final NetworkInterface eni;
        final String userData;
        String namespace;

        Instance(String id, String logicalId, String name, NetworkInterface eni, String userData) {
            this.id = id;
            this.logicalId = logicalId;
            this.name = name;
            this.eni = eni;
            this.userData = userData;
        }
    }

    /**
     * A security group rule (AWS::EC2::SecurityGroup Ingress/Egress): protocol -1, a number, or tcp/udp/icmp;
     * a port range for TCP/UDP, an ICMP type and code for ICMP (-1 for any); a CIDR or a peer group.
     */
    record GroupRule(int protocol, int from, int to, String cidr, SecurityGroup peer) {}

    static final class SecurityGroup {
        final String id;
        final String logicalId;
        final String name;
        final Vpc vpc;
        final List<GroupRule> ingress = new ArrayList<>();
        final List<GroupRule> egress = new ArrayList<>();
        /** AWS's default egress rule (all traffic to 0.0.0.0/0) until the template gives egress rules. */
        boolean defaultEgress = true;

        SecurityGroup(String id, String logicalId, String name, Vpc vpc) {
            this.id = id;
            this.logicalId = logicalId;
            this.name = name;
            this.vpc = vpc;
        }
    }

    /** A network ACL entry; protocol -1 is all, ports and ICMP fields are -1 when they do not apply. */
    record AclEntry(int number, boolean egress, boolean allow, int protocol, String cidr, int fromPort, int toPort,
                    int icmpType, int icmpCode) {}

    static final class NetworkAcl {
        final String id;
        final Vpc vpc;
        final boolean isDefault;
        final List<AclEntry> entries = new ArrayList<>();

        NetworkAcl(String id, Vpc vpc, boolean isDefault) {
            this.id = id;
            this.vpc = vpc;
            this.isDefault = isDefault;
        }
    }

    /** A route: to an internet gateway, a NAT gateway or an interface (an instance's). */
    record Route(Ipv4Block destination, InternetGateway gateway, NatGateway nat, NetworkInterface eni) {}

    static final class RouteTable {
        final String id;
        final Vpc vpc;
        final List<Route> routes = new ArrayList<>();
        /** Kernel routing table number in the router namespace. */
        final int table;

        RouteTable(String id, Vpc vpc, int table) {
            this.id = id;
            this.vpc = vpc;
            this.table = table;
        }
    }

    /** An internet gateway: a namespace doing 1:1 NAT between private and public addresses. */
    static final class InternetGateway {
        final String id;
        final String logicalId;
        Vpc vpc;
        String namespace;

        InternetGateway(String id, String logicalId) {
            this.id = id;
            this.logicalId = logicalId;
        }
    }

    /** A NAT gateway: a namespace with an interface in a public subnet, masquerading the VPC behind its address. */
    static final class NatGateway {
        final String id;
        final NetworkInterface eni;
        String namespace;

        NatGateway(String id, NetworkInterface eni) {
            this.id = id;
            this.eni = eni;
        }
    }

    static final class ElasticIp {
        final String allocationId;
        final String publicIp;

        ElasticIp(String allocationId, String publicIp) {
            this.allocationId = allocationId;
            this.publicIp = publicIp;
        }
    }
}
