package net.trafficmirror.mirror.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.FilterRule;
import net.trafficmirror.mirror.FilterRuleRequest;
import net.trafficmirror.mirror.IdGenerator;
import net.trafficmirror.mirror.MirrorException;
import net.trafficmirror.mirror.MirrorFilter;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.MirrorTarget;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.SessionRequest;
import net.trafficmirror.mirror.TargetRequest;
import net.trafficmirror.mirror.cfn.Provisioned;
import net.trafficmirror.mirror.cfn.ResourceProvisioner;
import net.trafficmirror.mirror.cfn.Scalar;
import net.trafficmirror.mirror.cfn.TemplateException;

/**
 * Creates the Traffic Mirroring resources of a CloudFormation template in a {@link MirrorRegistry}, with the
 * properties of the CloudFormation resource specification (cfn-lint schemas
 * {@code aws-ec2-trafficmirror*.json}, reference §4) and AWS's validation. How a file ties the cloud's objects to
 * this machine, staying valid CloudFormation:
 * <ul>
 * <li>{@code AWS::EC2::NetworkInterface}: {@code PrivateIpAddress} / {@code PrivateIpAddresses} /
 *     {@code Ipv6Addresses} are its addresses; tags {@code tmirror:interface} (the local device, e.g.
 *     {@code eth0}), {@code tmirror:host} (the machine) and {@code tmirror:mac} bind it here. {@code SubnetId}
 *     naming an {@code AWS::EC2::Subnet} of the same file gives the subnet and VPC CIDRs (VPC base + 2 is the
 *     Amazon DNS resolver).</li>
 * <li>{@code AWS::EC2::TrafficMirrorTarget}: a network-interface target goes to that interface's primary address;
 *     any target may carry tags {@code tmirror:address}, {@code tmirror:port} (default 4789) and
 *     {@code tmirror:mtu}; a load balancer or endpoint target without {@code tmirror:address} has no address to send to.</li>
 * <li>{@code AWS::EC2::VPC} and {@code AWS::EC2::Subnet} are noted for their CIDRs; every other type is not a
 *     mirror resource: it gets a placeholder id and a {@linkplain #warnings() warning}.</li>
 * </ul>
 * Errors are {@link TemplateException}s naming the property, e.g.
 * {@code Resources.Session1.Properties.SessionNumber: 40000 is out of range 1-32766}.
 */
public final class MirrorConfigProvisioner implements ResourceProvisioner {
    public static final String TAG_INTERFACE = "tmirror:interface", TAG_HOST = "tmirror:host", TAG_MAC = "tmirror:mac",
            TAG_ADDRESS = "tmirror:address", TAG_PORT = "tmirror:port", TAG_MTU = "tmirror:mtu";
    public static final String NETWORK_INTERFACE = "AWS::EC2::NetworkInterface", VPC = "AWS::EC2::VPC", SUBNET = "AWS::EC2::Subnet",
            TARGET = "AWS::EC2::TrafficMirrorTarget", FILTER = "AWS::EC2::TrafficMirrorFilter",
            FILTER_RULE = "AWS::EC2::TrafficMirrorFilterRule", SESSION = "AWS::EC2::TrafficMirrorSession";

    private static final Map<String, Set<String>> PROPERTIES = Map.of(
            TARGET, Set.of("Description", "GatewayLoadBalancerEndpointId", "NetworkInterfaceId", "NetworkLoadBalancerArn", "Tags"),
            FILTER, Set.of("Description", "NetworkServices", "Tags"),
            FILTER_RULE, Set.of("Description", "DestinationCidrBlock", "DestinationPortRange", "Protocol", "RuleAction", "RuleNumber",
                    "SourceCidrBlock", "SourcePortRange", "Tags", "TrafficDirection", "TrafficMirrorFilterId"),
            SESSION, Set.of("Description", "NetworkInterfaceId", "OwnerId", "PacketLength", "SessionNumber", "Tags",
                    "TrafficMirrorFilterId", "TrafficMirrorTargetId", "VirtualNetworkId"));

    private final MirrorRegistry registry;
    private final IdGenerator ids;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Cidr> vpcCidrs = new HashMap<>();
    /** Subnet physical id → {subnet CIDR, VPC CIDR or null}. */
    private final Map<String, Cidr[]> subnets = new HashMap<>();

    /**
     * @param ids makes the ids of interfaces, VPCs and subnets (the registry makes the mirror resources' own)
     */
    public MirrorConfigProvisioner(MirrorRegistry registry, IdGenerator ids) {
        this.registry = registry;
        this.ids = ids;
    }

    /** The resource types this provisioner creates (others get a placeholder and a warning). */
    public static boolean handles(String type) {
        return PROPERTIES.containsKey(type) || type.equals(NETWORK_INTERFACE) || type.equals(VPC) || type.equals(SUBNET);
    }

    /** One line per resource that was not a mirror resource and was ignored. */
    public List<String> warnings() { return List.copyOf(warnings); }

    @Override
    public Provisioned create(String logicalId, String type, Map<String, Object> p) throws TemplateException {
        Fields f = new Fields(logicalId, p);
        if (PROPERTIES.containsKey(type)) f.onlyKnown(PROPERTIES.get(type));
        try {
            return switch (type) {
                case VPC -> vpc(f);
                case SUBNET -> subnet(f);
                case NETWORK_INTERFACE -> networkInterface(f);
                case TARGET -> target(f);
                case FILTER -> filter(f);
                case FILTER_RULE -> rule(f);
                case SESSION -> session(f);
                default -> {
                    warnings.add("Resources." + logicalId + ": " + type + " is not a mirror resource; ignored");
                    yield new Provisioned(logicalId);
                }
            };
        } catch (MirrorException e) {
            throw new TemplateException(f.pathFor(e), e.code() + ": " + e.getMessage());
        }
    }

    private Provisioned vpc(Fields f) throws TemplateException {
        Cidr cidr = f.cidr("CidrBlock", false);
        String id = ids.next("vpc-");
        if (cidr != null) vpcCidrs.put(id, cidr);
        return new Provisioned(id, attributes("VpcId", id, "CidrBlock", cidr == null ? "" : cidr.toString()));
    }

    private Provisioned subnet(Fields f) throws TemplateException {
        Cidr cidr = f.cidr("CidrBlock", false);
        String vpc = f.text("VpcId", false);
        String id = ids.next("subnet-");
        subnets.put(id, new Cidr[] {cidr, vpc == null ? null : vpcCidrs.get(vpc)});
        return new Provisioned(id, attributes("SubnetId", id, "VpcId", vpc == null ? "" : vpc, "CidrBlock", cidr == null ? "" : cidr.toString()));
    }

    private Provisioned networkInterface(Fields f) throws TemplateException {
        List<InetAddress> v4 = new ArrayList<>(), v6 = new ArrayList<>();
        String primary = f.text("PrivateIpAddress", false);
        if (primary != null) v4.add(f.address("PrivateIpAddress", primary, 4));
        List<Object> more = f.list("PrivateIpAddresses");
        for (int i = 0; i < more.size(); i++) {
            String path = "PrivateIpAddresses[" + i + "]";
            Map<String, Object> entry = f.map(path, more.get(i));
            InetAddress a = f.address(path + ".PrivateIpAddress", Scalar.text(entry.get("PrivateIpAddress"), f.path(path + ".PrivateIpAddress")), 4);
            boolean isPrimary = Scalar.bool(entry.get("Primary"), f.path(path + ".Primary"), false);
            if (v4.contains(a)) continue;
            if (isPrimary) v4.addFirst(a); else v4.add(a);
        }
        List<Object> six = f.list("Ipv6Addresses");
        for (int i = 0; i < six.size(); i++) {
            String path = "Ipv6Addresses[" + i + "]";
            Map<String, Object> entry = f.map(path, six.get(i));
            v6.add(f.address(path + ".Ipv6Address", Scalar.text(entry.get("Ipv6Address"), f.path(path + ".Ipv6Address")), 6));
        }
        Map<String, String> tags = f.tags();
        String mac = tags.remove(TAG_MAC);
        if (mac != null) {
            mac = mac.toLowerCase(java.util.Locale.ROOT);
            if (!mac.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) throw f.error("Tags", TAG_MAC + " '" + mac + "' is not a MAC address like 02:00:0a:64:00:df");
        }
        String subnetId = f.text("SubnetId", false);
        Cidr[] subnet = subnetId == null ? null : subnets.get(subnetId);
        String id = ids.next("eni-");
        NetworkInterface eni = registry.registerNetworkInterface(new NetworkInterface(id, tags.remove(TAG_HOST), tags.remove(TAG_INTERFACE), v4, v6, mac,
                subnet == null ? null : subnet[0], subnet == null ? null : subnet[1], f.text("Description", false), tags));
        InetAddress first = eni.primaryAddress();
        return new Provisioned(id, attributes("Id", id, "PrimaryPrivateIpAddress", first == null ? "" : Cidr.format(first),
                "SecondaryPrivateIpAddresses", v4.size() > 1 ? v4.subList(1, v4.size()).stream().map(Cidr::format).toList() : List.of()));
    }

    private Provisioned target(Fields f) throws TemplateException {
        Map<String, String> tags = f.tags();
        String address = tags.remove(TAG_ADDRESS);
        InetAddress a = address == null ? null : f.address("Tags", address, 0);
        Integer port = f.tagNumber(tags.remove(TAG_PORT), TAG_PORT, 1, 65535);
        Integer mtu = f.tagNumber(tags.remove(TAG_MTU), TAG_MTU, 68, 65535);
        MirrorTarget t = registry.createTarget(new TargetRequest(f.text("NetworkInterfaceId", false), f.text("NetworkLoadBalancerArn", false),
                f.text("GatewayLoadBalancerEndpointId", false), f.text("Description", false), a, port, mtu, tags));
        return new Provisioned(t.id(), attributes("Id", t.id()));
    }

    private Provisioned filter(Fields f) throws TemplateException {
        MirrorFilter filter = registry.createFilter(f.text("Description", false), f.tags());
        List<Object> services = f.list("NetworkServices");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) names.add(Scalar.text(services.get(i), f.path("NetworkServices[" + i + "]")));
        if (!names.isEmpty()) registry.modifyFilterNetworkServices(filter.id(), names, List.of());
        return new Provisioned(filter.id(), attributes("Id", filter.id()));
    }

    private Provisioned rule(Fields f) throws TemplateException {
        Integer[] sp = f.portRange("SourcePortRange"), dp = f.portRange("DestinationPortRange");
        FilterRule r = registry.createFilterRule(new FilterRuleRequest(f.text("TrafficMirrorFilterId", true), f.text("TrafficDirection", true),
                f.number("RuleNumber", true, 1, MirrorRegistry.MAX_RULE_NUMBER), f.text("RuleAction", true),
                f.number("Protocol", false, 0, 255), f.text("SourceCidrBlock", true), f.text("DestinationCidrBlock", true),
                sp[0], sp[1], dp[0], dp[1], f.text("Description", false), f.tags()));
        return new Provisioned(r.id(), attributes("Id", r.id(), "TrafficMirrorFilterRuleId", r.id()));
    }

    private Provisioned session(Fields f) throws TemplateException {
        MirrorSession s = registry.createSession(new SessionRequest(f.text("NetworkInterfaceId", true), f.text("TrafficMirrorTargetId", true),
                f.text("TrafficMirrorFilterId", true), f.number("SessionNumber", true, 1, MirrorRegistry.MAX_SESSION_NUMBER),
                f.number("VirtualNetworkId", false, 0, MirrorRegistry.MAX_VNI),
                f.number("PacketLength", false, MirrorRegistry.MIN_PACKET_LENGTH_IPV4, MirrorRegistry.MAX_PACKET_LENGTH),
                f.text("Description", false), f.tags()));
        return new Provisioned(s.id(), attributes("Id", s.id()));
    }

    private static Map<String, Object> attributes(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** One resource's resolved properties, read with errors that name the property path. */
    private static final class Fields {
        private final String logicalId;
        private final Map<String, Object> p;

        Fields(String logicalId, Map<String, Object> p) {
            this.logicalId = logicalId;
            this.p = p;
        }

        String path(String property) { return "Resources." + logicalId + ".Properties." + property; }

        TemplateException error(String property, String detail) { return TemplateException.property(logicalId, property, detail); }

        void onlyKnown(Set<String> known) throws TemplateException {
            for (String k : p.keySet()) {
                if (!known.contains(k)) throw error(k, "unknown property (expected one of " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }

        String text(String property, boolean required) throws TemplateException {
            String s = Scalar.text(p.get(property), path(property));
            if (s == null && required) throw error(property, "is required");
            return s;
        }

        Integer number(String property, boolean required, long min, long max) throws TemplateException {
            if (p.get(property) == null) {
                if (required) throw error(property, "is required");
                return null;
            }
            long v = Scalar.integer(p.get(property), path(property), 0);
            if (v < min || v > max) throw error(property, v + " is out of range " + min + "-" + max);
            return (int) v;
        }

        Integer tagNumber(String value, String tag, long min, long max) throws TemplateException {
            if (value == null) return null;
            long v = Scalar.integer(value, path("Tags") + "[" + tag + "]", 0);
            if (v < min || v > max) throw error("Tags", tag + " " + v + " is out of range " + min + "-" + max);
            return (int) v;
        }

        Cidr cidr(String property, boolean required) throws TemplateException {
            String s = text(property, required);
            if (s == null) return null;
            try {
                return Cidr.parse(s);
            } catch (IllegalArgumentException e) {
                throw error(property, "'" + s + "' is not a CIDR block");
            }
        }

        /** @param family 4, 6, or 0 for either */
        InetAddress address(String property, String s, int family) throws TemplateException {
            if (s == null) throw error(property, "is required");
            try {
                InetAddress a = Cidr.parseAddress(s);
                if (family == 4 && !(a instanceof Inet4Address) || family == 6 && a instanceof Inet4Address)
                    throw error(property, "'" + s + "' is not an IPv" + family + " address");
                return a;
            } catch (IllegalArgumentException e) {
                throw error(property, "'" + s + "' is not an IP address");
            }
        }

        List<Object> list(String property) throws TemplateException {
            Object v = p.get(property);
            if (v == null) return List.of();
            if (!(v instanceof List<?> l)) throw error(property, "must be a list");
            return new ArrayList<>(l);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(String property, Object v) throws TemplateException {
            if (!(v instanceof Map<?, ?>)) throw error(property, "must be a map");
            return (Map<String, Object>) v;
        }

        /** A CloudFormation PortRange {FromPort, ToPort}; {null, null} when absent. */
        Integer[] portRange(String property) throws TemplateException {
            if (p.get(property) == null) return new Integer[] {null, null};
            Map<String, Object> m = map(property, p.get(property));
            Integer[] r = new Integer[2];
            String[] keys = {"FromPort", "ToPort"};
            for (int i = 0; i < 2; i++) {
                String sub = property + "." + keys[i];
                if (m.get(keys[i]) == null) throw error(sub, "is required");
                long v = Scalar.integer(m.get(keys[i]), path(sub), 0);
                if (v < 0 || v > 65535) throw error(sub, v + " is out of range 0-65535");
                r[i] = (int) v;
            }
            for (String k : m.keySet()) if (!k.equals("FromPort") && !k.equals("ToPort")) throw error(property + "." + k, "unknown property (expected FromPort, ToPort)");
            return r;
        }

        /** Tags as [{Key, Value}], in order. */
        Map<String, String> tags() throws TemplateException {
            Map<String, String> tags = new LinkedHashMap<>();
            List<Object> list = list("Tags");
            for (int i = 0; i < list.size(); i++) {
                String path = "Tags[" + i + "]";
                Map<String, Object> t = map(path, list.get(i));
                String key = Scalar.text(t.get("Key"), path(path + ".Key"));
                if (key == null) throw error(path + ".Key", "is required");
                String value = Scalar.text(t.get("Value"), path(path + ".Value"));
                tags.put(key, value == null ? "" : value);
            }
            return tags;
        }

        /** The property an AWS error is about, from the parameter it names or its code. */
        String pathFor(MirrorException e) {
            String m = e.getMessage();
            int i = m.indexOf("for parameter ");
            if (i >= 0) {
                String param = m.substring(i + 14).split(" ")[0];
                String property = Character.toUpperCase(param.charAt(0)) + param.substring(1);
                if (p.containsKey(property)) return path(property);
                if (p.containsKey(property + "s")) return path(property + "s");
            }
            for (String property : p.keySet()) {
                if (e.code().startsWith("Invalid" + property.replace("NetworkInterfaceId", "NetworkInterfaceID")) || m.contains(property)) return path(property);
            }
            if (e.code().equals("TrafficMirrorFilterRuleAlreadyExists")) return path("RuleNumber");
            if (m.startsWith("Port ranges")) return path(p.containsKey("SourcePortRange") ? "SourcePortRange" : "DestinationPortRange");
            return "Resources." + logicalId;
        }
    }
}
