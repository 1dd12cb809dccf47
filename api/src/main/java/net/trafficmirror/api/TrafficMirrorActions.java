package net.trafficmirror.api;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.FilterRule;
import net.trafficmirror.mirror.FilterRuleChange;
import net.trafficmirror.mirror.FilterRuleRequest;
import net.trafficmirror.mirror.MirrorException;
import net.trafficmirror.mirror.MirrorFilter;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.MirrorTarget;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.PortRange;
import net.trafficmirror.mirror.SessionChange;
import net.trafficmirror.mirror.SessionRequest;
import net.trafficmirror.mirror.Tag;
import net.trafficmirror.mirror.TargetRequest;

/**
 * The EC2 Traffic Mirroring actions, tags, and Describe/DeleteNetworkInterface(s) as a protocol layer over the mirror
 * registry: request parameters and response elements by their wire names in the EC2 service model (API version
 * 2016-11-15), validation and errors left to the registry. DryRun runs the operation on a copy of the state and
 * answers {@code DryRunOperation} when it would have succeeded; a ClientToken makes a create idempotent.
 */
public final class TrafficMirrorActions {
    /** One action: reads its parameters and writes its response elements after {@code requestId}. */
    @FunctionalInterface
    interface Action {
        void run(QueryParameters request, XmlWriter response);
    }

    private static final Set<String> NOT_IN_FINGERPRINT = Set.of("Action", "Version", "ClientToken", "DryRun");

    private final ControlPlane plane;
    private final String ownerId;
    private final Map<String, Action> actions = new LinkedHashMap<>();
    /** Each action's top-level parameter names (before any ".N" or ".Member"), as in the EC2 service model. */
    private final Map<String, Set<String>> parametersOf = new LinkedHashMap<>();

    private final Describe<MirrorTarget> targets = new Describe<MirrorTarget>(MirrorTarget::id, MirrorTarget::tags, 5)
            .single("description", MirrorTarget::description)
            .single("network-interface-id", MirrorTarget::networkInterfaceId)
            .single("network-load-balancer-arn", MirrorTarget::networkLoadBalancerArn)
            .single("gateway-load-balancer-endpoint-id", MirrorTarget::gatewayLoadBalancerEndpointId)
            .single("owner-id", t -> owner())
            .single("traffic-mirror-target-id", MirrorTarget::id);
    private final Describe<MirrorFilter> filters = new Describe<MirrorFilter>(MirrorFilter::id, MirrorFilter::tags, 5)
            .single("description", MirrorFilter::description)
            .single("traffic-mirror-filter-id", MirrorFilter::id);
    private final Describe<FilterRule> rules = new Describe<FilterRule>(FilterRule::id, FilterRule::tags, 5)
            .single("traffic-mirror-filter-rule-id", FilterRule::id)
            .single("traffic-mirror-filter-id", FilterRule::filterId)
            .single("rule-number", FilterRule::ruleNumber)
            .single("rule-action", r -> r.action().awsName())
            .single("traffic-direction", r -> r.direction().awsName())
            .single("protocol", FilterRule::protocol)
            .single("source-cidr-block", r -> r.sourceCidr().toString())
            .single("destination-cidr-block", r -> r.destinationCidr().toString())
            .single("description", FilterRule::description);
    private final Describe<MirrorSession> sessions = new Describe<MirrorSession>(MirrorSession::id, MirrorSession::tags, 5)
            .single("description", MirrorSession::description)
            .single("network-interface-id", MirrorSession::networkInterfaceId)
            .single("owner-id", s -> owner())
            .single("packet-length", MirrorSession::packetLength)
            .single("session-number", MirrorSession::sessionNumber)
            .single("traffic-mirror-filter-id", MirrorSession::filterId)
            .single("traffic-mirror-session-id", MirrorSession::id)
            .single("traffic-mirror-target-id", MirrorSession::targetId)
            .single("virtual-network-id", MirrorSession::vni);
    private final Describe<NetworkInterface> interfaces = new Describe<NetworkInterface>(NetworkInterface::id, NetworkInterface::tags, 5)
            .single("network-interface-id", NetworkInterface::id)
            .single("mac-address", NetworkInterface::macAddress)
            .single("description", TrafficMirrorActions::descriptionOf)
            .single("owner-id", n -> owner())
            .single("status", n -> "in-use")
            .single("interface-type", n -> "interface")
            .single("private-ip-address", n -> n.ipv4Addresses().isEmpty() ? null : Cidr.format(n.ipv4Addresses().getFirst()))
            .filter("addresses.private-ip-address", n -> n.ipv4Addresses().stream().map(Cidr::format).toList())
            .filter("ipv6-addresses.ipv6-address", n -> n.ipv6Addresses().stream().map(Cidr::format).toList());

    /** One row of DescribeTags. */
    private record TagDescription(String resourceId, String resourceType, String key, String value) {}

    private final Describe<TagDescription> tags = new Describe<TagDescription>(t -> t.resourceId + "\u0000" + t.key, null, 5)
            .single("key", TagDescription::key)
            .single("value", TagDescription::value)
            .single("resource-id", TagDescription::resourceId)
            .single("resource-type", TagDescription::resourceType);

    public TrafficMirrorActions(ControlPlane plane, String ownerId) {
        this.plane = plane;
        this.ownerId = ownerId;
        String describe = "Filter MaxResults NextToken DryRun ";
        add("CreateTrafficMirrorTarget", this::createTarget,
                "NetworkInterfaceId NetworkLoadBalancerArn GatewayLoadBalancerEndpointId Description TagSpecification DryRun ClientToken");
        add("DeleteTrafficMirrorTarget", (p, out) -> delete(p, out, "TrafficMirrorTargetId", MirrorRegistry::deleteTarget), "TrafficMirrorTargetId DryRun");
        add("DescribeTrafficMirrorTargets", this::describeTargets, describe + "TrafficMirrorTargetId");
        add("CreateTrafficMirrorFilter", this::createFilter, "Description TagSpecification DryRun ClientToken");
        add("DeleteTrafficMirrorFilter", (p, out) -> delete(p, out, "TrafficMirrorFilterId", MirrorRegistry::deleteFilter), "TrafficMirrorFilterId DryRun");
        add("DescribeTrafficMirrorFilters", this::describeFilters, describe + "TrafficMirrorFilterId");
        add("ModifyTrafficMirrorFilterNetworkServices", this::modifyNetworkServices,
                "TrafficMirrorFilterId AddNetworkService RemoveNetworkService DryRun");
        String rule = "TrafficDirection RuleNumber RuleAction DestinationPortRange SourcePortRange Protocol DestinationCidrBlock "
                + "SourceCidrBlock Description DryRun ";
        add("CreateTrafficMirrorFilterRule", this::createRule, rule + "TrafficMirrorFilterId ClientToken TagSpecification");
        add("ModifyTrafficMirrorFilterRule", this::modifyRule, rule + "TrafficMirrorFilterRuleId RemoveField");
        add("DeleteTrafficMirrorFilterRule", (p, out) -> delete(p, out, "TrafficMirrorFilterRuleId", MirrorRegistry::deleteFilterRule),
                "TrafficMirrorFilterRuleId DryRun");
        add("DescribeTrafficMirrorFilterRules", this::describeRules, describe + "TrafficMirrorFilterRuleId TrafficMirrorFilterId");
        String session = "TrafficMirrorTargetId TrafficMirrorFilterId PacketLength SessionNumber VirtualNetworkId Description DryRun ";
        add("CreateTrafficMirrorSession", this::createSession, session + "NetworkInterfaceId TagSpecification ClientToken");
        add("ModifyTrafficMirrorSession", this::modifySession, session + "TrafficMirrorSessionId RemoveField");
        add("DeleteTrafficMirrorSession", (p, out) -> delete(p, out, "TrafficMirrorSessionId", MirrorRegistry::deleteSession),
                "TrafficMirrorSessionId DryRun");
        add("DescribeTrafficMirrorSessions", this::describeSessions, describe + "TrafficMirrorSessionId");
        add("CreateTags", this::createTags, "ResourceId Tag DryRun");
        add("DeleteTags", this::deleteTags, "ResourceId Tag DryRun");
        add("DescribeTags", this::describeTags, describe);
        add("DescribeNetworkInterfaces", this::describeNetworkInterfaces, describe + "NetworkInterfaceId IncludeManagedResources");
        add("DeleteNetworkInterface", this::deleteNetworkInterface, "NetworkInterfaceId DryRun");
    }

    private void add(String name, Action action, String parameters) {
        actions.put(name, action);
        Set<String> known = new java.util.HashSet<>(Set.of("Action", "Version"));
        known.addAll(List.of(parameters.strip().split(" +")));
        parametersOf.put(name, Set.copyOf(known));
    }

    /** The names of the actions served. */
    public Set<String> names() { return actions.keySet(); }

    /**
     * Runs an action and returns the whole response document.
     *
     * @throws Ec2Error for every refusal, with EC2's code
     */
    public String handle(String action, QueryParameters request, String requestId) {
        Action a = actions.get(action);
        if (a == null) throw new Ec2Error("InvalidAction", "The action " + action + " is not valid for this web service.");
        Set<String> known = parametersOf.get(action);
        for (String name : request.names()) {
            int dot = name.indexOf('.');
            if (!known.contains(dot < 0 ? name : name.substring(0, dot))) {
                throw new Ec2Error("UnknownParameter", "The parameter " + name + " is not recognized");
            }
        }
        XmlWriter out = XmlWriter.document().root(action + "Response").element("requestId", requestId);
        try {
            a.run(request, out);
        } catch (MirrorException e) {
            throw new Ec2Error(e.code(), e.getMessage(), 400);
        }
        return out.finish();
    }

    private String owner() { return ownerId; }

    // ---- targets

    private void createTarget(QueryParameters p, XmlWriter out) {
        TargetRequest request = new TargetRequest(p.string("NetworkInterfaceId"), p.string("NetworkLoadBalancerArn"),
                p.string("GatewayLoadBalancerEndpointId"), p.string("Description"), null, null, null,
                tagSpecifications(p, "traffic-mirror-target"));
        create("CreateTrafficMirrorTarget", p, out, r -> r.createTarget(request), this::writeTargetResult);
    }

    private void writeTargetResult(XmlWriter out, MirrorTarget t) {
        out.start("trafficMirrorTarget");
        writeTarget(out, t);
        out.end();
    }

    private void describeTargets(QueryParameters p, XmlWriter out) {
        dryRunDescribe(p);
        List<String> ids = p.list("TrafficMirrorTargetId");
        List<MirrorTarget> all = ids.isEmpty() ? List.copyOf(plane.state().targets().values()) : read(r -> r.describeTargets(ids));
        var page = targets.page(targets.select(all, p), p);
        out.start("trafficMirrorTargetSet");
        page.items().forEach(t -> { out.start("item"); writeTarget(out, t); out.end(); });
        out.end().element("nextToken", page.nextToken());
    }

    private void writeTarget(XmlWriter out, MirrorTarget t) {
        out.element("trafficMirrorTargetId", t.id())
                .element("networkInterfaceId", t.networkInterfaceId())
                .element("networkLoadBalancerArn", t.networkLoadBalancerArn())
                .element("gatewayLoadBalancerEndpointId", t.gatewayLoadBalancerEndpointId())
                .element("type", t.kind().awsName())
                .element("description", t.description())
                .element("ownerId", ownerId);
        writeTags(out, t.tags());
    }

    // ---- filters

    private void createFilter(QueryParameters p, XmlWriter out) {
        String description = p.string("Description");
        Map<String, String> tagged = tagSpecifications(p, "traffic-mirror-filter");
        create("CreateTrafficMirrorFilter", p, out, r -> r.createFilter(description, tagged), this::writeFilterResult);
    }

    private void writeFilterResult(XmlWriter out, MirrorFilter f) {
        out.start("trafficMirrorFilter");
        writeFilter(out, f);
        out.end();
    }

    private void describeFilters(QueryParameters p, XmlWriter out) {
        dryRunDescribe(p);
        List<String> ids = p.list("TrafficMirrorFilterId");
        List<MirrorFilter> all = ids.isEmpty() ? List.copyOf(plane.state().filters().values()) : read(r -> r.describeFilters(ids));
        var page = filters.page(filters.select(all, p), p);
        out.start("trafficMirrorFilterSet");
        page.items().forEach(f -> { out.start("item"); writeFilter(out, f); out.end(); });
        out.end().element("nextToken", page.nextToken());
    }

    private void modifyNetworkServices(QueryParameters p, XmlWriter out) {
        String id = p.required("TrafficMirrorFilterId");
        List<String> add = p.list("AddNetworkService");
        List<String> remove = p.list("RemoveNetworkService");
        MirrorFilter f = mutate(p, r -> r.modifyFilterNetworkServices(id, add, remove));
        writeFilterResult(out, f);
    }

    private void writeFilter(XmlWriter out, MirrorFilter f) {
        out.element("trafficMirrorFilterId", f.id());
        out.start("ingressFilterRuleSet");
        f.ingressRules().forEach(r -> { out.start("item"); writeRule(out, r); out.end(); });
        out.end().start("egressFilterRuleSet");
        f.egressRules().forEach(r -> { out.start("item"); writeRule(out, r); out.end(); });
        out.end().start("networkServiceSet");
        f.networkServices().forEach(s -> out.element("item", s));
        out.end().element("description", f.description());
        writeTags(out, f.tags());
    }

    // ---- filter rules

    private void createRule(QueryParameters p, XmlWriter out) {
        QueryParameters src = p.structure("SourcePortRange");
        QueryParameters dst = p.structure("DestinationPortRange");
        FilterRuleRequest request = new FilterRuleRequest(p.required("TrafficMirrorFilterId"), p.required("TrafficDirection"),
                p.requiredInteger("RuleNumber"), p.required("RuleAction"), p.integer("Protocol"), p.required("SourceCidrBlock"),
                p.required("DestinationCidrBlock"), src.integer("FromPort"), src.integer("ToPort"), dst.integer("FromPort"),
                dst.integer("ToPort"), p.string("Description"), tagSpecifications(p, "traffic-mirror-filter-rule"));
        create("CreateTrafficMirrorFilterRule", p, out, r -> r.createFilterRule(request), this::writeRuleResult);
    }

    private void modifyRule(QueryParameters p, XmlWriter out) {
        QueryParameters src = p.structure("SourcePortRange");
        QueryParameters dst = p.structure("DestinationPortRange");
        FilterRuleChange change = new FilterRuleChange(p.required("TrafficMirrorFilterRuleId"), p.string("TrafficDirection"),
                p.integer("RuleNumber"), p.string("RuleAction"), p.integer("Protocol"), p.string("SourceCidrBlock"),
                p.string("DestinationCidrBlock"), src.integer("FromPort"), src.integer("ToPort"), dst.integer("FromPort"),
                dst.integer("ToPort"), p.string("Description"), new LinkedHashSet<>(p.list("RemoveField")));
        writeRuleResult(out, mutate(p, r -> r.modifyFilterRule(change)));
    }

    private void writeRuleResult(XmlWriter out, FilterRule rule) {
        out.start("trafficMirrorFilterRule");
        writeRule(out, rule);
        out.end();
    }

    private void describeRules(QueryParameters p, XmlWriter out) {
        dryRunDescribe(p);
        List<String> ids = p.list("TrafficMirrorFilterRuleId");
        String filterId = p.string("TrafficMirrorFilterId");
        List<FilterRule> all = read(r -> r.describeFilterRules(ids, filterId));
        var page = rules.page(rules.select(all, p), p);
        out.start("trafficMirrorFilterRuleSet");
        page.items().forEach(r -> { out.start("item"); writeRule(out, r); out.end(); });
        out.end().element("nextToken", page.nextToken());
    }

    private void writeRule(XmlWriter out, FilterRule r) {
        out.element("trafficMirrorFilterRuleId", r.id())
                .element("trafficMirrorFilterId", r.filterId())
                .element("trafficDirection", r.direction().awsName())
                .element("ruleNumber", r.ruleNumber())
                .element("ruleAction", r.action().awsName())
                .element("protocol", r.protocol());
        writePortRange(out, "destinationPortRange", r.destinationPortRange());
        writePortRange(out, "sourcePortRange", r.sourcePortRange());
        out.element("destinationCidrBlock", r.destinationCidr().toString())
                .element("sourceCidrBlock", r.sourceCidr().toString())
                .element("description", r.description());
        writeTags(out, r.tags());
    }

    private static void writePortRange(XmlWriter out, String name, PortRange range) {
        if (range == null) return;
        out.start(name).element("fromPort", range.fromPort()).element("toPort", range.toPort()).end();
    }

    // ---- sessions

    private void createSession(QueryParameters p, XmlWriter out) {
        SessionRequest request = new SessionRequest(p.required("NetworkInterfaceId"), p.required("TrafficMirrorTargetId"),
                p.required("TrafficMirrorFilterId"), p.requiredInteger("SessionNumber"), p.integer("VirtualNetworkId"),
                p.integer("PacketLength"), p.string("Description"), tagSpecifications(p, "traffic-mirror-session"));
        create("CreateTrafficMirrorSession", p, out, r -> r.createSession(request), this::writeSessionResult);
    }

    private void modifySession(QueryParameters p, XmlWriter out) {
        SessionChange change = new SessionChange(p.required("TrafficMirrorSessionId"), p.string("TrafficMirrorTargetId"),
                p.string("TrafficMirrorFilterId"), p.integer("SessionNumber"), p.integer("VirtualNetworkId"),
                p.integer("PacketLength"), p.string("Description"), new LinkedHashSet<>(p.list("RemoveField")));
        writeSessionResult(out, mutate(p, r -> r.modifySession(change)));
    }

    private void writeSessionResult(XmlWriter out, MirrorSession s) {
        out.start("trafficMirrorSession");
        writeSession(out, s);
        out.end();
    }

    private void describeSessions(QueryParameters p, XmlWriter out) {
        dryRunDescribe(p);
        List<String> ids = p.list("TrafficMirrorSessionId");
        List<MirrorSession> all = ids.isEmpty() ? List.copyOf(plane.state().sessions().values()) : read(r -> r.describeSessions(ids));
        var page = sessions.page(sessions.select(all, p), p);
        out.start("trafficMirrorSessionSet");
        page.items().forEach(s -> { out.start("item"); writeSession(out, s); out.end(); });
        out.end().element("nextToken", page.nextToken());
    }

    private void writeSession(XmlWriter out, MirrorSession s) {
        out.element("trafficMirrorSessionId", s.id())
                .element("trafficMirrorTargetId", s.targetId())
                .element("trafficMirrorFilterId", s.filterId())
                .element("networkInterfaceId", s.networkInterfaceId())
                .element("ownerId", ownerId)
                .element("packetLength", s.packetLength())
                .element("sessionNumber", s.sessionNumber())
                .element("virtualNetworkId", s.vni())
                .element("description", s.description());
        writeTags(out, s.tags());
    }

    // ---- tags

    private void createTags(QueryParameters p, XmlWriter out) {
        List<String> ids = p.list("ResourceId");
        if (ids.isEmpty()) throw Ec2Error.missingParameter("ResourceId.1");
        Map<String, String> added = new LinkedHashMap<>();
        for (QueryParameters t : p.structures("Tag")) added.put(t.required("Key"), valueOrEmpty(t.string("Value")));
        if (added.isEmpty()) throw Ec2Error.missingParameter("Tag.1.Key");
        mutate(p, r -> { r.createTags(ids, added); return ids; });
        out.element("return", true);
    }

    private void deleteTags(QueryParameters p, XmlWriter out) {
        List<String> ids = p.list("ResourceId");
        if (ids.isEmpty()) throw Ec2Error.missingParameter("ResourceId.1");
        List<Tag> removed = new ArrayList<>();
        for (QueryParameters t : p.structures("Tag")) removed.add(new Tag(t.required("Key"), t.string("Value")));
        mutate(p, r -> { r.deleteTags(ids, removed); return ids; });
        out.element("return", true);
    }

    private void describeTags(QueryParameters p, XmlWriter out) {
        dryRunDescribe(p);
        MirrorState s = plane.state();
        List<TagDescription> all = new ArrayList<>();
        s.networkInterfaces().values().forEach(n -> addTags(all, n.id(), "network-interface", n.tags()));
        s.targets().values().forEach(t -> addTags(all, t.id(), "traffic-mirror-target", t.tags()));
        s.filters().values().forEach(f -> {
            addTags(all, f.id(), "traffic-mirror-filter", f.tags());
            f.ingressRules().forEach(r -> addTags(all, r.id(), "traffic-mirror-filter-rule", r.tags()));
            f.egressRules().forEach(r -> addTags(all, r.id(), "traffic-mirror-filter-rule", r.tags()));
        });
        s.sessions().values().forEach(x -> addTags(all, x.id(), "traffic-mirror-session", x.tags()));
        var page = tags.page(tags.select(all, p), p);
        out.start("tagSet");
        page.items().forEach(t -> out.start("item").element("resourceId", t.resourceId).element("resourceType", t.resourceType)
                .element("key", t.key).element("value", t.value).end());
        out.end().element("nextToken", page.nextToken());
    }

    private static void addTags(List<TagDescription> out, String id, String type, Map<String, String> tags) {
        tags.forEach((k, v) -> out.add(new TagDescription(id, type, k, v)));
    }

    private static void writeTags(XmlWriter out, Map<String, String> tags) {
        out.start("tagSet");
        tags.forEach((k, v) -> out.start("item").element("key", k).element("value", v).end());
        out.end();
    }

    /** The tags of a create's {@code TagSpecification.N}, which must name the resource type being created. */
    private static Map<String, String> tagSpecifications(QueryParameters p, String resourceType) {
        Map<String, String> out = new LinkedHashMap<>();
        for (QueryParameters spec : p.structures("TagSpecification")) {
            String type = spec.string("ResourceType");
            if (type != null && !type.equals(resourceType)) {
                throw Ec2Error.invalidParameterValue("'" + type + "' is not a valid taggable resource type for this operation.");
            }
            for (QueryParameters t : spec.structures("Tag")) out.put(t.required("Key"), valueOrEmpty(t.string("Value")));
        }
        return out;
    }

    private static String valueOrEmpty(String v) { return v == null ? "" : v; }

    // ---- network interfaces

    private void describeNetworkInterfaces(QueryParameters p, XmlWriter out) {
        dryRunDescribe(p);
        MirrorState s = plane.state();
        List<String> ids = p.list("NetworkInterfaceId");
        List<NetworkInterface> all = new ArrayList<>();
        if (ids.isEmpty()) {
            all.addAll(s.networkInterfaces().values());
        } else {
            for (String id : ids) {
                NetworkInterface n = s.networkInterfaces().get(id);
                if (n == null) throw new Ec2Error("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist");
                all.add(n);
            }
        }
        var page = interfaces.page(interfaces.select(all, p), p);
        out.start("networkInterfaceSet");
        page.items().forEach(n -> { out.start("item"); writeNetworkInterface(out, n); out.end(); });
        out.end().element("nextToken", page.nextToken());
    }

    /** Removes an interface an agent registered; its sessions go with it, and one that is a target cannot go (AWS). */
    private void deleteNetworkInterface(QueryParameters p, XmlWriter out) {
        String id = p.required("NetworkInterfaceId");
        mutate(p, r -> { r.deregisterNetworkInterface(id); return id; });
        out.element("return", true);
    }

    private void writeNetworkInterface(XmlWriter out, NetworkInterface n) {
        out.element("networkInterfaceId", n.id())
                .element("description", descriptionOf(n))
                .element("ownerId", ownerId)
                .element("requesterManaged", false)
                .element("status", "in-use")
                .element("macAddress", n.macAddress())
                .element("privateIpAddress", n.ipv4Addresses().isEmpty() ? null : Cidr.format(n.ipv4Addresses().getFirst()))
                .element("sourceDestCheck", true)
                .element("interfaceType", "interface");
        out.start("groupSet").end();
        out.start("privateIpAddressesSet");
        boolean primary = true;
        for (InetAddress a : n.ipv4Addresses()) {
            out.start("item").element("privateIpAddress", Cidr.format(a)).element("primary", primary).end();
            primary = false;
        }
        out.end().start("ipv6AddressesSet");
        n.ipv6Addresses().forEach(a -> out.start("item").element("ipv6Address", Cidr.format(a)).end());
        out.end();
        writeTags(out, n.tags());
    }

    /** An interface's description: the one registered, else where it lives (host and device), as agents report it. */
    static String descriptionOf(NetworkInterface n) {
        if (n.description() != null) return n.description();
        if (n.host() == null && n.interfaceName() == null) return null;
        return (n.host() == null ? "" : n.host() + " ") + (n.interfaceName() == null ? "" : n.interfaceName());
    }

    // ---- shared steps

    private void dryRunDescribe(QueryParameters p) {
        // A Describe only checks permissions in a DryRun, and every key here may describe.
        if (p.bool("DryRun")) throw Ec2Error.dryRunSucceeded();
    }

    private <T> T read(Function<MirrorRegistry, T> query) {
        return plane.read(query);
    }

    /** Runs a change, or in a DryRun tries it on a copy and answers DryRunOperation. */
    private <T> T mutate(QueryParameters p, Function<MirrorRegistry, T> operation) {
        if (p.bool("DryRun")) {
            plane.tryOut(operation::apply);
            throw Ec2Error.dryRunSucceeded();
        }
        return plane.change(operation);
    }

    private void delete(QueryParameters p, XmlWriter out, String idParameter, BiFunction<MirrorRegistry, String, String> delete) {
        String id = p.required(idParameter);
        String deleted = mutate(p, r -> delete.apply(r, id));
        out.element(Character.toLowerCase(idParameter.charAt(0)) + idParameter.substring(1), deleted);
    }

    /** A create: DryRun, or idempotent by ClientToken when one is given (the SDKs always send one). */
    private <T> void create(String action, QueryParameters p, XmlWriter out, Function<MirrorRegistry, T> operation,
                            BiConsumer<XmlWriter, T> render) {
        String token = p.string("ClientToken");
        if (token == null || token.isEmpty() || p.bool("DryRun")) {
            render.accept(out, mutate(p, operation));
            return;
        }
        out.raw(plane.changeOnce(action, token, p.fingerprint(NOT_IN_FINGERPRINT), operation, result -> {
            XmlWriter fragment = XmlWriter.fragment();
            render.accept(fragment, result);
            return fragment.element("clientToken", token).finish();
        }));
    }
}
