package net.trafficmirror.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.FilterRule;
import net.trafficmirror.mirror.MirrorFilter;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.MirrorTarget;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.PortRange;
import net.trafficmirror.mirror.RuleAction;
import net.trafficmirror.mirror.TargetKind;

/**
 * The JSON form of the mirror model, used for one resource per row in the store and for the whole snapshot that
 * agents and collectors receive. Field names follow the model's record components; enums, addresses and CIDRs are
 * written in AWS's text forms ({@code ingress}, {@code accept}, {@code network-interface}, {@code 10.0.0.0/16}), so a
 * person can read a row or a poll response.
 */
public final class StateJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private StateJson() {}

    public static byte[] write(MirrorState state) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", state.version());
        ArrayNode enis = root.putArray("networkInterfaces");
        state.networkInterfaces().values().forEach(n -> enis.add(networkInterface(n)));
        ArrayNode targets = root.putArray("targets");
        state.targets().values().forEach(t -> targets.add(target(t)));
        ArrayNode filters = root.putArray("filters");
        state.filters().values().forEach(f -> filters.add(filter(f)));
        ArrayNode sessions = root.putArray("sessions");
        state.sessions().values().forEach(s -> sessions.add(session(s)));
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a snapshot written by {@link #write}; a malformed one gives IllegalArgumentException. */
    public static MirrorState read(byte[] json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            var enis = new LinkedHashMap<String, NetworkInterface>();
            for (JsonNode n : root.path("networkInterfaces")) put(enis, networkInterface(n));
            var targets = new LinkedHashMap<String, MirrorTarget>();
            for (JsonNode n : root.path("targets")) put(targets, target(n));
            var filters = new LinkedHashMap<String, MirrorFilter>();
            for (JsonNode n : root.path("filters")) put(filters, filter(n));
            var sessions = new LinkedHashMap<String, MirrorSession>();
            for (JsonNode n : root.path("sessions")) put(sessions, session(n));
            return new MirrorState(root.path("version").asLong(), enis, targets, filters, sessions);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed mirror state: " + e.getMessage(), e);
        }
    }

    private static <V> void put(Map<String, V> map, V resource) {
        String id = switch (resource) {
            case NetworkInterface n -> n.id();
            case MirrorTarget t -> t.id();
            case MirrorFilter f -> f.id();
            case MirrorSession s -> s.id();
            default -> throw new IllegalArgumentException(resource.getClass().getName());
        };
        map.put(id, resource);
    }

    public static ObjectNode networkInterface(NetworkInterface n) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", n.id());
        o.put("host", n.host());
        o.put("interfaceName", n.interfaceName());
        addresses(o.putArray("ipv4Addresses"), n.ipv4Addresses());
        addresses(o.putArray("ipv6Addresses"), n.ipv6Addresses());
        o.put("macAddress", n.macAddress());
        o.put("subnetCidr", n.subnetCidr() == null ? null : n.subnetCidr().toString());
        o.put("vpcCidr", n.vpcCidr() == null ? null : n.vpcCidr().toString());
        o.put("description", n.description());
        tags(o, n.tags());
        return o;
    }

    public static NetworkInterface networkInterface(JsonNode o) {
        return new NetworkInterface(text(o, "id"), text(o, "host"), text(o, "interfaceName"), addresses(o.path("ipv4Addresses")),
                addresses(o.path("ipv6Addresses")), text(o, "macAddress"), cidr(o, "subnetCidr"), cidr(o, "vpcCidr"),
                text(o, "description"), tags(o));
    }

    public static ObjectNode target(MirrorTarget t) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", t.id());
        o.put("type", t.kind().awsName());
        o.put("networkInterfaceId", t.networkInterfaceId());
        o.put("networkLoadBalancerArn", t.networkLoadBalancerArn());
        o.put("gatewayLoadBalancerEndpointId", t.gatewayLoadBalancerEndpointId());
        o.put("address", t.address() == null ? null : Cidr.format(t.address()));
        o.put("port", t.port());
        o.put("mtu", t.mtu());
        o.put("description", t.description());
        tags(o, t.tags());
        return o;
    }

    public static MirrorTarget target(JsonNode o) {
        String type = text(o, "type");
        TargetKind kind = null;
        for (TargetKind k : TargetKind.values()) if (k.awsName().equals(type)) kind = k;
        if (kind == null) throw new IllegalArgumentException("unknown target type " + type);
        String address = text(o, "address");
        return new MirrorTarget(text(o, "id"), kind, text(o, "networkInterfaceId"), text(o, "networkLoadBalancerArn"),
                text(o, "gatewayLoadBalancerEndpointId"), address == null ? null : Cidr.parseAddress(address),
                o.path("port").asInt(MirrorTarget.VXLAN_PORT), o.path("mtu").asInt(0), text(o, "description"), tags(o));
    }

    public static ObjectNode filter(MirrorFilter f) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", f.id());
        o.put("description", f.description());
        ArrayNode services = o.putArray("networkServices");
        f.networkServices().forEach(services::add);
        ArrayNode rules = o.putArray("rules");
        f.ingressRules().forEach(r -> rules.add(rule(r)));
        f.egressRules().forEach(r -> rules.add(rule(r)));
        tags(o, f.tags());
        return o;
    }

    public static MirrorFilter filter(JsonNode o) {
        List<FilterRule> ingress = new ArrayList<>();
        List<FilterRule> egress = new ArrayList<>();
        for (JsonNode r : o.path("rules")) {
            FilterRule rule = rule(r);
            (rule.direction() == Direction.INGRESS ? ingress : egress).add(rule);
        }
        Set<String> services = new LinkedHashSet<>();
        for (JsonNode s : o.path("networkServices")) services.add(s.asText());
        return new MirrorFilter(text(o, "id"), text(o, "description"), ingress, egress, services, tags(o));
    }

    private static ObjectNode rule(FilterRule r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("filterId", r.filterId());
        o.put("direction", r.direction().awsName());
        o.put("ruleNumber", r.ruleNumber());
        o.put("action", r.action().awsName());
        o.put("protocol", r.protocol());
        o.put("sourceCidr", r.sourceCidr().toString());
        o.put("destinationCidr", r.destinationCidr().toString());
        portRange(o, "sourcePortRange", r.sourcePortRange());
        portRange(o, "destinationPortRange", r.destinationPortRange());
        o.put("description", r.description());
        tags(o, r.tags());
        return o;
    }

    private static FilterRule rule(JsonNode o) {
        Direction direction = Direction.fromAws(text(o, "direction"));
        RuleAction action = RuleAction.fromAws(text(o, "action"));
        if (direction == null || action == null) throw new IllegalArgumentException("bad rule " + o);
        return new FilterRule(text(o, "id"), text(o, "filterId"), direction, o.path("ruleNumber").asInt(), action,
                o.path("protocol").isNumber() ? o.path("protocol").asInt() : null, cidr(o, "sourceCidr"), cidr(o, "destinationCidr"),
                portRange(o.path("sourcePortRange")), portRange(o.path("destinationPortRange")), text(o, "description"), tags(o));
    }

    public static ObjectNode session(MirrorSession s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", s.id());
        o.put("networkInterfaceId", s.networkInterfaceId());
        o.put("targetId", s.targetId());
        o.put("filterId", s.filterId());
        o.put("sessionNumber", s.sessionNumber());
        o.put("vni", s.vni());
        o.put("packetLength", s.packetLength());
        o.put("description", s.description());
        tags(o, s.tags());
        return o;
    }

    public static MirrorSession session(JsonNode o) {
        return new MirrorSession(text(o, "id"), text(o, "networkInterfaceId"), text(o, "targetId"), text(o, "filterId"),
                o.path("sessionNumber").asInt(), o.path("vni").asInt(),
                o.path("packetLength").isNumber() ? o.path("packetLength").asInt() : null, text(o, "description"), tags(o));
    }

    private static void portRange(ObjectNode o, String name, PortRange r) {
        if (r == null) return;
        ObjectNode p = o.putObject(name);
        p.put("fromPort", r.fromPort());
        p.put("toPort", r.toPort());
    }

    private static PortRange portRange(JsonNode o) {
        return o.isObject() ? new PortRange(o.path("fromPort").asInt(), o.path("toPort").asInt()) : null;
    }

    private static void addresses(ArrayNode out, List<InetAddress> addresses) {
        addresses.forEach(a -> out.add(Cidr.format(a)));
    }

    private static List<InetAddress> addresses(JsonNode array) {
        List<InetAddress> out = new ArrayList<>();
        for (JsonNode a : array) out.add(Cidr.parseAddress(a.asText()));
        return out;
    }

    private static void tags(ObjectNode o, Map<String, String> tags) {
        ObjectNode t = o.putObject("tags");
        tags.forEach(t::put);
    }

    private static Map<String, String> tags(JsonNode o) {
        Map<String, String> out = new LinkedHashMap<>();
        o.path("tags").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Cidr cidr(JsonNode o, String name) {
        String text = text(o, name);
        return text == null ? null : Cidr.parse(text);
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
