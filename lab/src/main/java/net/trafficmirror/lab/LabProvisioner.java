package net.trafficmirror.lab;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.trafficmirror.lab.Topology.AclEntry;
import net.trafficmirror.lab.Topology.ElasticIp;
import net.trafficmirror.lab.Topology.GroupRule;
import net.trafficmirror.lab.Topology.Instance;
import net.trafficmirror.lab.Topology.InternetGateway;
import net.trafficmirror.lab.Topology.NatGateway;
import net.trafficmirror.lab.Topology.NetworkAcl;
import net.trafficmirror.lab.Topology.NetworkInterface;
import net.trafficmirror.lab.Topology.Route;
import net.trafficmirror.lab.Topology.RouteTable;
import net.trafficmirror.lab.Topology.SecurityGroup;
import net.trafficmirror.lab.Topology.Subnet;
import net.trafficmirror.lab.Topology.Vpc;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.cfn.Provisioned;
import net.trafficmirror.mirror.cfn.ResourceProvisioner;
import net.trafficmirror.mirror.cfn.Scalar;
import net.trafficmirror.mirror.cfn.TemplateException;
import net.trafficmirror.mirror.config.MirrorConfigProvisioner;

/**
 * Reads the EC2 networking resources of a template into a {@link Topology}, checking them the way EC2 does
 * (a subnet inside its VPC's CIDR and not overlapping another, a free private address, a group in the
 * interface's VPC, unique ACL rule numbers) and answering the ids and attributes CloudFormation documents for
 * each type ("Return values" in the resource type reference). Nothing touches the host here.
 *
 * <p>Addresses are drawn as EC2 draws them, at random from the subnet minus its five reserved addresses, from a
 * generator seeded by the lab name, so the same lab gets the same addresses every time. Public addresses come
 * from 203.0.113.0/24 (RFC 5737 TEST-NET-3), the "internet" of the lab.
 */
final class LabProvisioner implements ResourceProvisioner {
    static final Ipv4Block PUBLIC_POOL = Ipv4Block.parse("203.0.113.0/24");
    private static final Ipv4Block DEFAULT_VPC = Ipv4Block.parse("172.31.0.0/16");

    private final Topology topology;
    private final MirrorRegistry registry;
    private final ResourceProvisioner mirror;
    private final Random random;
    private final Set<Integer> usedPublic = new HashSet<>();
    private final Map<Subnet, Set<Integer>> usedPrivate = new LinkedHashMap<>();
    private int bridges;
    private int tables;
    private Vpc defaultVpc;

    /**
     * The AWS::EC2::TrafficMirror* resources go to the mirror model's own provisioner over {@code registry}, where
     * every interface the lab makes is registered (host: its instance's name, device eth0) so they can name it.
     */
    LabProvisioner(Topology topology, String labName, MirrorRegistry registry) {
        this.topology = topology;
        this.random = new Random(labName.hashCode() * 31L + topology.region.hashCode());
        this.registry = registry;
        this.mirror = new MirrorConfigProvisioner(registry, prefix -> awsId(prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) : prefix));
    }

    @Override
    public Provisioned create(String id, String type, Map<String, Object> p) throws TemplateException {
        return switch (type) {
            case "AWS::EC2::VPC" -> vpc(id, p);
            case "AWS::EC2::Subnet" -> subnet(id, p);
            case "AWS::EC2::InternetGateway" -> {
                InternetGateway g = new InternetGateway(awsId("igw"), id);
                topology.gateways.put(g.id, g);
                yield new Provisioned(g.id, Map.of("InternetGatewayId", g.id));
            }
            case "AWS::EC2::VPCGatewayAttachment" -> attachGateway(id, p);
            case "AWS::EC2::RouteTable" -> {
                Vpc vpc = vpc(id, p, "VpcId");
                RouteTable t = new RouteTable(awsId("rtb"), vpc, 100 + ++tables);
                topology.routeTables.put(t.id, t);
                yield new Provisioned(t.id, Map.of("RouteTableId", t.id));
            }
            case "AWS::EC2::Route" -> route(id, p);
            case "AWS::EC2::SubnetRouteTableAssociation" -> {
                Subnet s = subnet(id, p, "SubnetId");
                RouteTable t = lookup(topology.routeTables, id, p, "RouteTableId", "route table");
                if (t.vpc != s.vpc) throw TemplateException.property(id, "RouteTableId", t.id + " and " + s.id + " are in different VPCs");
                s.routeTable = t;
                String assoc = awsId("rtbassoc");
                yield new Provisioned(assoc, Map.of("Id", assoc));
            }
            case "AWS::EC2::NetworkAcl" -> {
                NetworkAcl acl = new NetworkAcl(awsId("acl"), vpc(id, p, "VpcId"), false);
                topology.networkAcls.put(acl.id, acl);
                yield new Provisioned(acl.id, Map.of("Id", acl.id));
            }
            case "AWS::EC2::NetworkAclEntry" -> aclEntry(id, p);
            case "AWS::EC2::SubnetNetworkAclAssociation" -> {
                Subnet s = subnet(id, p, "SubnetId");
                NetworkAcl acl = lookup(topology.networkAcls, id, p, "NetworkAclId", "network ACL");
                if (acl.vpc != s.vpc) throw TemplateException.property(id, "NetworkAclId", acl.id + " and " + s.id + " are in different VPCs");
                s.networkAcl = acl;
                String assoc = awsId("aclassoc");
                yield new Provisioned(assoc, Map.of("AssociationId", assoc));
            }
            case "AWS::EC2::SecurityGroup" -> securityGroup(id, p);
            case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress" -> {
                boolean ingress = type.endsWith("Ingress");
                SecurityGroup g = p.containsKey("GroupId") ? lookup(topology.securityGroups, id, p, "GroupId", "security group")
                        : groupByName(id, "GroupName", Scalar.text(p.get("GroupName"), path(id, "GroupName")));
                (ingress ? g.ingress : g.egress).add(groupRule(id, "", p, ingress));
                if (!ingress) g.defaultEgress = false;
                String rule = awsId("sgr");
                yield new Provisioned(rule, Map.of("Id", rule));
            }
            case "AWS::EC2::NetworkInterface" -> {
                NetworkInterface eni = networkInterface(id, "", p, subnet(id, p, "SubnetId"), p.get("GroupSet"), "GroupSet");
                yield new Provisioned(eni.id, Map.of("Id", eni.id, "PrimaryPrivateIpAddress", Ipv4Block.dotted(eni.privateIp),
                        "SecondaryPrivateIpAddresses", List.of()));
            }
            case "AWS::EC2::Instance" -> instance(id, p);
            case "AWS::EC2::EIP" -> elasticIp(id, p);
            case "AWS::EC2::EIPAssociation" -> {
                ElasticIp eip = p.containsKey("AllocationId") ? lookup(topology.elasticIps, id, p, "AllocationId", "elastic IP")
                        : topology.elasticIps.values().stream().filter(e -> e.publicIp.equals(p.get("EIP"))).findFirst()
                        .orElseThrow(() -> TemplateException.property(id, "EIP", "no elastic IP '" + p.get("EIP") + "' in this template"));
                associate(id, eip, p);
                String assoc = awsId("eipassoc");
                yield new Provisioned(assoc, Map.of("Id", assoc));
            }
            case "AWS::EC2::NatGateway" -> natGateway(id, p);
            case "AWS::EC2::TrafficMirrorTarget", "AWS::EC2::TrafficMirrorFilter", "AWS::EC2::TrafficMirrorFilterRule",
                 "AWS::EC2::TrafficMirrorSession" -> mirror.create(id, type, p);
            default -> {
                topology.unknown.computeIfAbsent(type, t -> new ArrayList<>()).add(id);
                yield Provisioned.standIn(id.toLowerCase(Locale.ROOT) + "-" + hex(8));
            }
        };
    }

    private Provisioned vpc(String id, Map<String, Object> p) throws TemplateException {
        Ipv4Block cidr = cidr(id, p, "", "CidrBlock");
        if (cidr.prefix() < 16 || cidr.prefix() > 28) throw TemplateException.property(id, "CidrBlock", "a VPC block must be between /16 and /28");
        Vpc vpc = newVpc(id, cidr);
        return new Provisioned(vpc.id, Map.of("VpcId", vpc.id, "CidrBlock", cidr.toString(),
                "CidrBlockAssociations", List.of(awsId("vpc-cidr-assoc")), "DefaultNetworkAcl", vpc.defaultAcl.id,
                "DefaultSecurityGroup", vpc.defaultGroup.id, "Ipv6CidrBlocks", List.of()));
    }

    private Vpc newVpc(String logicalId, Ipv4Block cidr) {
        Vpc vpc = new Vpc(awsId("vpc"), logicalId, cidr);
        // EC2's defaults: a group whose members talk to each other and send anything out, an ACL allowing all.
        vpc.defaultGroup = new SecurityGroup(awsId("sg"), null, "default", vpc);
        vpc.defaultGroup.ingress.add(new GroupRule(-1, -1, -1, null, vpc.defaultGroup));
        vpc.defaultAcl = new NetworkAcl(awsId("acl"), vpc, true);
        vpc.mainTable = new RouteTable(awsId("rtb"), vpc, 100 + ++tables);
        topology.vpcs.put(vpc.id, vpc);
        topology.securityGroups.put(vpc.defaultGroup.id, vpc.defaultGroup);
        return vpc;
    }

    private Provisioned subnet(String id, Map<String, Object> p) throws TemplateException {
        Vpc vpc = vpc(id, p, "VpcId");
        Ipv4Block cidr = cidr(id, p, "", "CidrBlock");
        if (!vpc.cidr.contains(cidr.base()) || cidr.prefix() < vpc.cidr.prefix()) {
            throw TemplateException.property(id, "CidrBlock", cidr + " is not inside the VPC's " + vpc.cidr);
        }
        if (cidr.prefix() > 28) throw TemplateException.property(id, "CidrBlock", "a subnet block must be /28 or larger");
        for (Subnet other : vpc.subnets) {
            if (other.cidr.overlaps(cidr)) throw TemplateException.property(id, "CidrBlock", cidr + " overlaps " + other.logicalId + "'s " + other.cidr);
        }
        String az = Scalar.text(p.get("AvailabilityZone"), path(id, "AvailabilityZone"));
        if (az == null || az.isEmpty()) az = topology.region + "a";
        if (!az.matches(java.util.regex.Pattern.quote(topology.region) + "[a-f]")) {
            throw TemplateException.property(id, "AvailabilityZone", "'" + az + "' is not a zone of region " + topology.region
                    + " (" + topology.region + "a, b or c); choose the region with --region");
        }
        Subnet s = addSubnet(id, vpc, cidr, az, Scalar.bool(p.get("MapPublicIpOnLaunch"), path(id, "MapPublicIpOnLaunch"), false));
        return new Provisioned(s.id, Map.of("SubnetId", s.id, "AvailabilityZone", az, "AvailabilityZoneId", zoneId(az),
                "CidrBlock", cidr.toString(), "VpcId", vpc.id, "NetworkAclAssociationId", awsId("aclassoc"),
                "Ipv6CidrBlocks", List.of()));
    }

    private Subnet addSubnet(String logicalId, Vpc vpc, Ipv4Block cidr, String az, boolean mapPublic) {
        Subnet s = new Subnet(awsId("subnet"), logicalId, vpc, cidr, az, mapPublic, "s" + ++bridges);
        vpc.subnets.add(s);
        topology.subnets.put(s.id, s);
        return s;
    }

    /**
     * EC2's default VPC, for instances and groups a template places in no VPC: 172.31.0.0/16 with an internet
     * gateway and a main route to it, and a default subnet per zone (172.31.0.0/20 in a, .16.0/20 in b, ...) that
     * gives public addresses.
     */
    private Vpc defaultVpc() {
        if (defaultVpc == null) {
            defaultVpc = newVpc("(default VPC)", DEFAULT_VPC);
            InternetGateway g = new InternetGateway(awsId("igw"), "(default VPC gateway)");
            g.vpc = defaultVpc;
            defaultVpc.gateway = g;
            topology.gateways.put(g.id, g);
            defaultVpc.mainTable.routes.add(new Route(Ipv4Block.parse("0.0.0.0/0"), g, null, null));
        }
        return defaultVpc;
    }

    private Subnet defaultSubnet(String id, String zone) throws TemplateException {
        Vpc vpc = defaultVpc();
        String az = zone == null || zone.isEmpty() ? topology.region + "a" : zone;
        for (Subnet s : vpc.subnets) if (s.availabilityZone.equals(az)) return s;
        if (!az.matches(java.util.regex.Pattern.quote(topology.region) + "[a-f]")) {
            throw TemplateException.property(id, "AvailabilityZone", "'" + az + "' is not a zone of region " + topology.region);
        }
        int k = az.charAt(az.length() - 1) - 'a';
        return addSubnet("(default subnet " + az + ")", vpc, new Ipv4Block(DEFAULT_VPC.base() + (k << 12), 20), az, true);
    }

    private Provisioned attachGateway(String id, Map<String, Object> p) throws TemplateException {
        Vpc vpc = vpc(id, p, "VpcId");
        if (p.containsKey("VpnGatewayId")) {
            topology.notes.add(id + ": VPN gateways are not modelled; the attachment does nothing");
            return new Provisioned(awsId("attach"));
        }
        InternetGateway g = lookup(topology.gateways, id, p, "InternetGatewayId", "internet gateway");
        if (g.vpc != null) throw TemplateException.property(id, "InternetGatewayId", g.id + " is already attached to " + g.vpc.id);
        if (vpc.gateway != null) throw TemplateException.property(id, "VpcId", vpc.id + " already has internet gateway " + vpc.gateway.id);
        g.vpc = vpc;
        vpc.gateway = g;
        return new Provisioned("IGW|" + vpc.id);
    }

    private Provisioned route(String id, Map<String, Object> p) throws TemplateException {
        RouteTable t = lookup(topology.routeTables, id, p, "RouteTableId", "route table");
        if (!p.containsKey("DestinationCidrBlock")) {
            topology.notes.add(id + ": only IPv4 routes are modelled; route skipped");
            return new Provisioned(awsId("r"));
        }
        Ipv4Block dest = cidr(id, p, "", "DestinationCidrBlock");
        for (Route r : t.routes) {
            if (r.destination().equals(dest)) throw TemplateException.property(id, "DestinationCidrBlock", "route table " + t.id + " already has a route to " + dest);
        }
        Route route;
        if (p.containsKey("GatewayId")) {
            InternetGateway g = lookup(topology.gateways, id, p, "GatewayId", "internet gateway");
            route = new Route(dest, g, null, null);
        } else if (p.containsKey("NatGatewayId")) {
            route = new Route(dest, null, lookup(topology.natGateways, id, p, "NatGatewayId", "NAT gateway"), null);
        } else if (p.containsKey("NetworkInterfaceId")) {
            route = new Route(dest, null, null, lookup(topology.interfaces, id, p, "NetworkInterfaceId", "network interface"));
        } else if (p.containsKey("InstanceId")) {
            route = new Route(dest, null, null, lookup(topology.instances, id, p, "InstanceId", "instance").eni);
        } else {
            topology.notes.add(id + ": routes to " + String.join(", ", p.keySet().stream().filter(k -> k.endsWith("Id") && !k.equals("RouteTableId")).toList())
                    + " are not modelled; route skipped");
            return new Provisioned(awsId("r"));
        }
        t.routes.add(route);
        return new Provisioned(t.id + "|" + dest);
    }

    private Provisioned aclEntry(String id, Map<String, Object> p) throws TemplateException {
        NetworkAcl acl = lookup(topology.networkAcls, id, p, "NetworkAclId", "network ACL");
        int number = (int) range(id, p, "RuleNumber", "RuleNumber", 1, 32766);
        boolean egress = Scalar.bool(p.get("Egress"), path(id, "Egress"), false);
        for (AclEntry e : acl.entries) {
            if (e.number() == number && e.egress() == egress) {
                throw TemplateException.property(id, "RuleNumber", (egress ? "egress" : "ingress") + " rule " + number + " already exists in " + acl.id);
            }
        }
        String action = required(id, p, "RuleAction").toLowerCase(Locale.ROOT);
        if (!action.equals("allow") && !action.equals("deny")) throw TemplateException.property(id, "RuleAction", "must be allow or deny, got '" + action + "'");
        int protocol = protocol(id, "Protocol", required(id, p, "Protocol"));
        if (p.containsKey("Ipv6CidrBlock") && !p.containsKey("CidrBlock")) {
            topology.notes.add(id + ": IPv6 ACL entries are not modelled; entry skipped");
            return new Provisioned(awsId("acle"));
        }
        String cidr = cidr(id, p, "", "CidrBlock").toString();
        int from = -1, to = -1, type = -1, code = -1;
        if (protocol == 6 || protocol == 17) {
            if (!(p.get("PortRange") instanceof Map<?, ?> r)) throw TemplateException.property(id, "PortRange", "is required for TCP and UDP");
            @SuppressWarnings("unchecked") Map<String, Object> range = (Map<String, Object>) r;
            from = (int) range(id, range, "PortRange.From", "From", 0, 65535);
            to = (int) range(id, range, "PortRange.To", "To", 0, 65535);
        } else if (protocol == 1) {
            if (!(p.get("Icmp") instanceof Map<?, ?> r)) throw TemplateException.property(id, "Icmp", "is required for ICMP");
            @SuppressWarnings("unchecked") Map<String, Object> icmp = (Map<String, Object>) r;
            type = (int) Scalar.integer(icmp.get("Type"), path(id, "Icmp.Type"), -1);
            code = (int) Scalar.integer(icmp.get("Code"), path(id, "Icmp.Code"), -1);
        }
        acl.entries.add(new AclEntry(number, egress, action.equals("allow"), protocol, cidr, from, to, type, code));
        return new Provisioned(awsId("acle"));
    }

    private Provisioned securityGroup(String id, Map<String, Object> p) throws TemplateException {
        required(id, p, "GroupDescription");
        Vpc vpc = p.containsKey("VpcId") ? vpc(id, p, "VpcId") : defaultVpc();
        String name = Scalar.text(p.get("GroupName"), path(id, "GroupName"));
        SecurityGroup g = new SecurityGroup(awsId("sg"), id, name == null ? id : name, vpc);
        topology.securityGroups.put(g.id, g);
        for (String key : List.of("SecurityGroupIngress", "SecurityGroupEgress")) {
            Object rules = p.get(key);
            if (rules == null) continue;
            if (!(rules instanceof List<?> list)) throw TemplateException.property(id, key, "must be a list of rules");
            boolean ingress = key.endsWith("Ingress");
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> m)) throw TemplateException.property(id, key + "[" + i + "]", "must be a rule");
                @SuppressWarnings("unchecked") Map<String, Object> rule = (Map<String, Object>) m;
                GroupRule r = groupRule(id, key + "[" + i + "].", rule, ingress);
                if (r != null) (ingress ? g.ingress : g.egress).add(r);
            }
            if (!ingress) g.defaultEgress = false;
        }
        return new Provisioned(vpc == defaultVpc && !p.containsKey("VpcId") ? g.name : g.id,
                Map.of("GroupId", g.id, "VpcId", vpc.id));
    }

    /** One rule of AWS::EC2::SecurityGroup's Ingress/Egress property type, or null when it names only IPv6 or prefix lists. */
    private GroupRule groupRule(String id, String prefix, Map<String, Object> r, boolean ingress) throws TemplateException {
        int protocol = protocol(id, prefix + "IpProtocol", required(id, r, prefix, "IpProtocol"));
        int from = (int) Scalar.integer(r.get("FromPort"), path(id, prefix + "FromPort"), -1);
        int to = (int) Scalar.integer(r.get("ToPort"), path(id, prefix + "ToPort"), -1);
        if ((protocol == 6 || protocol == 17) && (from < 0) != (to < 0)) {
            throw TemplateException.property(id, prefix + (from < 0 ? "FromPort" : "ToPort"), "is required with the other port for TCP and UDP");
        }
        if ((protocol == 6 || protocol == 17) && from > to) throw TemplateException.property(id, prefix + "FromPort", "is above ToPort");
        String cidrKey = "CidrIp";
        String peerKey = ingress ? "SourceSecurityGroupId" : "DestinationSecurityGroupId";
        if (r.containsKey(cidrKey)) return new GroupRule(protocol, from, to, cidr(id, r, prefix, cidrKey).toString(), null);
        if (r.containsKey(peerKey)) {
            SecurityGroup peer = topology.securityGroups.get(Scalar.text(r.get(peerKey), path(id, prefix + peerKey)));
            if (peer == null) throw TemplateException.property(id, prefix + peerKey, "no security group '" + r.get(peerKey) + "' in this template");
            return new GroupRule(protocol, from, to, null, peer);
        }
        if (ingress && r.containsKey("SourceSecurityGroupName")) {
            return new GroupRule(protocol, from, to, null, groupByName(id, prefix + "SourceSecurityGroupName", Scalar.text(r.get("SourceSecurityGroupName"), path(id, prefix))));
        }
        if (r.containsKey("CidrIpv6") || r.containsKey("SourcePrefixListId") || r.containsKey("DestinationPrefixListId")) {
            topology.notes.add(id + ": IPv6 and prefix-list rules are not modelled; rule " + prefix + " skipped");
            return null;
        }
        throw TemplateException.property(id, prefix.isEmpty() ? "CidrIp" : prefix.substring(0, prefix.length() - 1),
                "a rule needs " + cidrKey + ", CidrIpv6, " + peerKey + " or a prefix list");
    }

    private SecurityGroup groupByName(String id, String field, String name) throws TemplateException {
        for (SecurityGroup g : topology.securityGroups.values()) {
            if (g.name.equals(name) || g.id.equals(name)) return g;
        }
        throw TemplateException.property(id, field, "no security group named '" + name + "' in this template");
    }

    private NetworkInterface networkInterface(String id, String prefix, Map<String, Object> p, Subnet subnet, Object groupIds, String groupField)
            throws TemplateException {
        List<SecurityGroup> groups = new ArrayList<>();
        if (groupIds != null) {
            if (!(groupIds instanceof List<?> list)) throw TemplateException.property(id, prefix + groupField, "must be a list of security group ids");
            for (int i = 0; i < list.size(); i++) {
                String g = Scalar.text(list.get(i), path(id, prefix + groupField + "[" + i + "]"));
                SecurityGroup group = topology.securityGroups.get(g);
                if (group == null) group = groupByName(id, prefix + groupField + "[" + i + "]", g);
                if (group.vpc != subnet.vpc) {
                    throw TemplateException.property(id, prefix + groupField + "[" + i + "]", group.id + " is in " + group.vpc.id + ", the subnet in " + subnet.vpc.id);
                }
                groups.add(group);
            }
        }
        if (groups.isEmpty()) groups.add(subnet.vpc.defaultGroup);
        Set<Integer> used = usedPrivate.computeIfAbsent(subnet, s -> new HashSet<>());
        String fixed = Scalar.text(p.get("PrivateIpAddress"), path(id, prefix + "PrivateIpAddress"));
        int ip;
        if (fixed != null) {
            try {
                ip = Ipv4Block.address(fixed);
            } catch (IllegalArgumentException e) {
                throw TemplateException.property(id, prefix + "PrivateIpAddress", e.getMessage());
            }
            if (!subnet.cidr.contains(ip)) throw TemplateException.property(id, prefix + "PrivateIpAddress", fixed + " is not in subnet " + subnet.cidr);
            long offset = Integer.toUnsignedLong(ip - subnet.cidr.base());
            if (offset < 4 || offset == subnet.cidr.size() - 1) {
                throw TemplateException.property(id, prefix + "PrivateIpAddress", fixed + " is one of the five addresses AWS reserves in " + subnet.cidr);
            }
            if (used.contains(ip)) throw TemplateException.property(id, prefix + "PrivateIpAddress", fixed + " is already in use");
        } else {
            long free = subnet.cidr.size() - 5 - used.size();
            if (free <= 0) throw TemplateException.property(id, prefix + "SubnetId", "subnet " + subnet.cidr + " has no free address");
            do ip = subnet.cidr.at(4 + (long) random.nextInt((int) (subnet.cidr.size() - 5))); while (used.contains(ip));
        }
        used.add(ip);
        StringBuilder mac = new StringBuilder("02");
        for (int i = 0; i < 5; i++) mac.append(String.format(":%02x", random.nextInt(256)));
        NetworkInterface eni = new NetworkInterface(awsId("eni"), subnet, ip, mac.toString(), groups);
        topology.interfaces.put(eni.id, eni);
        register(eni, null);
        return eni;
    }

    private Provisioned instance(String id, Map<String, Object> p) throws TemplateException {
        NetworkInterface eni;
        boolean publicIp;
        if (p.get("NetworkInterfaces") instanceof List<?> nics && !nics.isEmpty()) {
            int primary = -1;
            for (int i = 0; i < nics.size(); i++) {
                if (!(nics.get(i) instanceof Map<?, ?> n)) throw TemplateException.property(id, "NetworkInterfaces[" + i + "]", "must be a network interface");
                if (Scalar.integer(n.get("DeviceIndex"), path(id, "NetworkInterfaces[" + i + "].DeviceIndex"), -1) == 0) primary = i;
            }
            if (primary < 0) throw TemplateException.property(id, "NetworkInterfaces", "one interface needs DeviceIndex 0");
            if (nics.size() > 1) topology.notes.add(id + ": only the interface with DeviceIndex 0 is modelled");
            @SuppressWarnings("unchecked") Map<String, Object> nic = (Map<String, Object>) nics.get(primary);
            String prefix = "NetworkInterfaces[" + primary + "].";
            if (nic.containsKey("NetworkInterfaceId")) {
                eni = lookup(topology.interfaces, id, nic, prefix, "NetworkInterfaceId", "network interface");
            } else {
                if (!nic.containsKey("SubnetId")) throw TemplateException.property(id, prefix + "SubnetId", "is required without NetworkInterfaceId");
                Subnet subnet = lookup(topology.subnets, id, nic, prefix, "SubnetId", "subnet");
                eni = networkInterface(id, prefix, nic, subnet, nic.get("GroupSet"), "GroupSet");
            }
            // EC2 gives a public address on launch only to an interface it creates for the instance.
            publicIp = Scalar.bool(nic.get("AssociatePublicIpAddress"), path(id, prefix + "AssociatePublicIpAddress"),
                    !nic.containsKey("NetworkInterfaceId") && eni.subnet.mapPublicIpOnLaunch);
        } else {
            Subnet subnet = p.containsKey("SubnetId") ? subnet(id, p, "SubnetId")
                    : defaultSubnet(id, Scalar.text(p.get("AvailabilityZone"), path(id, "AvailabilityZone")));
            Object groups = p.containsKey("SecurityGroupIds") ? p.get("SecurityGroupIds") : p.get("SecurityGroups");
            eni = networkInterface(id, "", p, subnet, groups, p.containsKey("SecurityGroupIds") ? "SecurityGroupIds" : "SecurityGroups");
            publicIp = subnet.mapPublicIpOnLaunch;
        }
        if (eni.instance != null) throw TemplateException.property(id, "NetworkInterfaces", eni.id + " is already attached to " + eni.instance.logicalId);
        if (publicIp && eni.publicIp == null) eni.publicIp = publicAddress();
        String name = id;
        if (p.get("Tags") instanceof List<?> tags) {
            for (Object t : tags) {
                if (t instanceof Map<?, ?> tag && "Name".equals(tag.get("Key")) && tag.get("Value") != null) name = tag.get("Value").toString();
            }
        }
        Instance instance = new Instance(awsId("i"), id, name, eni, userData(Scalar.text(p.get("UserData"), path(id, "UserData"))));
        eni.instance = instance;
        register(eni, name);
        topology.instances.put(instance.id, instance);
        return new Provisioned(instance.id, instanceAttributes(instance));
    }

    /** Makes an interface known to the mirror model: a possible session source or target. */
    private void register(NetworkInterface eni, String host) {
        registry.registerNetworkInterface(new net.trafficmirror.mirror.NetworkInterface(eni.id, host, "eth0",
                List.of(inet(eni.privateIp)), List.of(), eni.mac, Cidr.parse(eni.subnet.cidr.toString()),
                Cidr.parse(eni.subnet.vpc.cidr.toString()), null, Map.of()));
    }

    private static InetAddress inet(int address) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes always make an address
        }
    }

    Map<String, Object> instanceAttributes(Instance i) {
        NetworkInterface eni = i.eni;
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("InstanceId", i.id);
        a.put("AvailabilityZone", eni.subnet.availabilityZone);
        a.put("PrivateIp", Ipv4Block.dotted(eni.privateIp));
        a.put("PrivateDnsName", topology.privateDnsName(eni.privateIp));
        a.put("PublicIp", eni.publicIp == null ? "" : eni.publicIp);
        a.put("PublicDnsName", eni.publicIp == null ? "" : topology.publicDnsName(eni.publicIp));
        a.put("VpcId", eni.subnet.vpc.id);
        return a;
    }

    private Provisioned elasticIp(String id, Map<String, Object> p) throws TemplateException {
        ElasticIp eip = new ElasticIp(awsId("eipalloc"), publicAddress());
        topology.elasticIps.put(eip.allocationId, eip);
        if (p.containsKey("InstanceId")) associate(id, eip, p);
        // Ref of an EIP is its address, as CloudFormation documents.
        return new Provisioned(eip.publicIp, Map.of("AllocationId", eip.allocationId, "PublicIp", eip.publicIp));
    }

    private void associate(String id, ElasticIp eip, Map<String, Object> p) throws TemplateException {
        NetworkInterface eni = p.containsKey("InstanceId") ? lookup(topology.instances, id, p, "InstanceId", "instance").eni
                : lookup(topology.interfaces, id, p, "NetworkInterfaceId", "network interface");
        if (eni.publicIp != null) usedPublic.remove(Ipv4Block.address(eni.publicIp));
        eni.publicIp = eip.publicIp;
    }

    private Provisioned natGateway(String id, Map<String, Object> p) throws TemplateException {
        Subnet subnet = subnet(id, p, "SubnetId");
        NetworkInterface eni = networkInterface(id, "", Map.of(), subnet, null, "SubnetId");
        if (!"private".equals(p.get("ConnectivityType"))) {
            eni.publicIp = lookup(topology.elasticIps, id, p, "AllocationId", "elastic IP").publicIp;
        }
        NatGateway nat = new NatGateway(awsId("nat"), eni);
        topology.natGateways.put(nat.id, nat);
        return new Provisioned(nat.id, Map.of("NatGatewayId", nat.id));
    }

    private String publicAddress() throws TemplateException {
        if (usedPublic.size() >= 240) throw new TemplateException("Resources", "the lab's public address pool " + PUBLIC_POOL + " is used up");
        int ip;
        do ip = PUBLIC_POOL.at(10 + random.nextInt(240)); while (!usedPublic.add(ip));
        return Ipv4Block.dotted(ip);
    }

    /** UserData as CloudFormation passes it, base64; shown and run decoded. */
    private static String userData(String value) {
        if (value == null) return null;
        try {
            return new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** EC2's protocol field: -1 or "all", a number, or tcp, udp, icmp, icmpv6. */
    private static int protocol(String id, String field, String value) throws TemplateException {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "-1", "all": return -1;
            case "tcp": return 6;
            case "udp": return 17;
            case "icmp": return 1;
            case "icmpv6": return 58;
            default:
                try {
                    int n = Integer.parseInt(value);
                    if (n >= 0 && n <= 255) return n;
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw TemplateException.property(id, field, "not a protocol: '" + value + "' (-1, tcp, udp, icmp, icmpv6 or 0-255)");
        }
    }

    private Vpc vpc(String id, Map<String, Object> p, String field) throws TemplateException {
        return lookup(topology.vpcs, id, p, field, "VPC");
    }

    private Subnet subnet(String id, Map<String, Object> p, String field) throws TemplateException {
        return lookup(topology.subnets, id, p, field, "subnet");
    }

    private <T> T lookup(Map<String, T> known, String id, Map<String, Object> p, String field, String what) throws TemplateException {
        return lookup(known, id, p, "", field, what);
    }

    private <T> T lookup(Map<String, T> known, String id, Map<String, Object> p, String prefix, String field, String what) throws TemplateException {
        String value = Scalar.text(p.get(field), path(id, prefix + field));
        if (value == null) throw TemplateException.property(id, prefix + field, "is required");
        T t = known.get(value);
        if (t == null) throw TemplateException.property(id, prefix + field, "no " + what + " '" + value + "' in this template");
        return t;
    }

    private static String required(String id, Map<String, Object> p, String field) throws TemplateException {
        return required(id, p, "", field);
    }

    private static String required(String id, Map<String, Object> p, String prefix, String field) throws TemplateException {
        String v = Scalar.text(p.get(field), path(id, prefix + field));
        if (v == null) throw TemplateException.property(id, prefix + field, "is required");
        return v;
    }

    private static long range(String id, Map<String, Object> p, String path, String field, long min, long max) throws TemplateException {
        if (p.get(field) == null) throw TemplateException.property(id, path, "is required");
        long v = Scalar.integer(p.get(field), path(id, path), 0);
        if (v < min || v > max) throw TemplateException.property(id, path, v + " is outside " + min + "-" + max);
        return v;
    }

    private static Ipv4Block cidr(String id, Map<String, Object> p, String prefix, String field) throws TemplateException {
        String v = required(id, p, prefix, field);
        try {
            return Ipv4Block.parse(v);
        } catch (IllegalArgumentException e) {
            throw TemplateException.property(id, prefix + field, e.getMessage());
        }
    }

    private static String path(String id, String field) {
        return "Resources." + id + ".Properties." + field;
    }

    private static String zoneId(String az) {
        return az.replaceAll("-(\\w)\\w*-", "$1").replaceAll("[a-z]$", "") + "-az" + (az.charAt(az.length() - 1) - 'a' + 1);
    }

    /** An EC2-style id: the type's prefix, a dash, 17 hex digits. */
    private String awsId(String prefix) {
        return prefix + "-" + hex(17);
    }

    private String hex(int digits) {
        StringBuilder s = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) s.append(Character.forDigit(random.nextInt(16), 16));
        return s.toString();
    }
}
