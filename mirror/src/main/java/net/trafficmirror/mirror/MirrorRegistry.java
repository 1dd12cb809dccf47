package net.trafficmirror.mirror;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The mirror resources of one account, with the EC2 API's operations and AWS's validation (EC2 API Reference
 * for Create/Modify/Delete/DescribeTrafficMirror*; TM-PDF "Quotas"; error codes from "Error codes for the
 * Amazon EC2 API"). Where the sources are silent the choice is in {@code mirror/CHOICES.md}.
 *
 * <p>Every change runs under one lock: it builds the next {@link MirrorState} (version + 1), hands it to each
 * {@linkplain #addListener listener} still inside the lock (so a store can persist it in the same critical
 * section; a listener that throws cancels the change) and only then publishes it. Reads never block.
 */
public final class MirrorRegistry {
    public static final int MAX_SESSION_NUMBER = 32766;
    public static final int MAX_RULE_NUMBER = 32766;
    public static final int MAX_VNI = (1 << 24) - 1;
    public static final int MAX_PACKET_LENGTH = 8500;
    /** TM-PDF "MTU and packet length limitations": not less than 35 bytes for IPv4 traffic and 55 for IPv6. */
    public static final int MIN_PACKET_LENGTH_IPV4 = 35, MIN_PACKET_LENGTH_IPV6 = 55;

    private static final Set<String> RULE_REMOVABLE = Set.of("destination-port-range", "source-port-range", "protocol", "description");
    private static final Set<String> SESSION_REMOVABLE = Set.of("packet-length", "description", "virtual-network-id");
    private static final Pattern NLB_ARN = Pattern.compile(
            "arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:loadbalancer/net/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}");
    private static final Pattern GWLBE_ID = Pattern.compile("vpce-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern ENI_ID = Pattern.compile("eni-[0-9a-f]{8}([0-9a-f]{9})?");

    private final Quotas quotas;
    private final IdGenerator ids;
    private final RandomGenerator random;
    private final List<Consumer<MirrorState>> listeners = new CopyOnWriteArrayList<>();
    private volatile MirrorState state = MirrorState.EMPTY;

    public MirrorRegistry(Quotas quotas, IdGenerator ids, RandomGenerator random) {
        this.quotas = Objects.requireNonNull(quotas);
        this.ids = Objects.requireNonNull(ids);
        this.random = Objects.requireNonNull(random);
    }

    /** AWS's quotas, random ids and VNIs. */
    public MirrorRegistry() {
        this(Quotas.AWS, IdGenerator.random(new SecureRandom()), new SecureRandom());
    }

    public Quotas quotas() { return quotas; }

    /** The current snapshot. */
    public MirrorState state() { return state; }

    /**
     * Called inside the registry's lock with each new state before it is published; if it throws, the change is
     * abandoned and the exception reaches the caller of the operation.
     */
    public void addListener(Consumer<MirrorState> listener) { listeners.add(listener); }

    /** Replaces everything with a stored snapshot (at start-up), keeping its version. Listeners are not called. */
    public synchronized void restore(MirrorState saved) { state = Objects.requireNonNull(saved); }

    // ---- network interfaces ----

    /** Registers (or updates) an interface that can be a source or a target. */
    public synchronized NetworkInterface registerNetworkInterface(NetworkInterface eni) {
        if (eni.id() == null || !ENI_ID.matcher(eni.id()).matches())
            throw MirrorException.invalidValue("networkInterfaceId", eni.id(), "Expected 'eni-' followed by 8 or 17 hexadecimal characters.");
        Draft d = new Draft();
        NetworkInterface old = d.interfaces.get(eni.id());
        NetworkInterface stored = old == null ? eni : eni.withTags(mergedTags(old.tags(), eni.tags()));
        d.interfaces.put(eni.id(), stored);
        commit(d);
        return stored;
    }

    /**
     * Removes an interface. As in AWS, deleting a source interface deletes its sessions; an interface that is a
     * mirror target cannot go while the target exists.
     */
    public synchronized void deregisterNetworkInterface(String eniId) {
        Draft d = new Draft();
        interfaceOf(d, eniId);
        for (MirrorTarget t : d.targets.values()) {
            if (eniId.equals(t.networkInterfaceId()))
                throw new MirrorException("InvalidNetworkInterface.InUse", "The network interface '" + eniId + "' is in use by traffic mirror target '" + t.id() + "'.");
        }
        d.sessions.values().removeIf(s -> s.networkInterfaceId().equals(eniId));
        d.interfaces.remove(eniId);
        commit(d);
    }

    // ---- targets ----

    public synchronized MirrorTarget createTarget(TargetRequest r) {
        Draft d = new Draft();
        int given = (r.networkInterfaceId() != null ? 1 : 0) + (r.networkLoadBalancerArn() != null ? 1 : 0) + (r.gatewayLoadBalancerEndpointId() != null ? 1 : 0);
        if (given != 1) throw new MirrorException("InvalidParameterCombination",
                "Exactly one of NetworkInterfaceId, NetworkLoadBalancerArn or GatewayLoadBalancerEndpointId must be specified.");
        if (d.targets.size() >= quotas.targetsPerAccount())
            throw limit("TrafficMirrorTargetLimitExceeded", "The maximum number of traffic mirror targets (" + quotas.targetsPerAccount() + ") has been reached.");
        TargetKind kind;
        InetAddress address = r.address();
        if (r.networkInterfaceId() != null) {
            kind = TargetKind.NETWORK_INTERFACE;
            NetworkInterface eni = interfaceOf(d, r.networkInterfaceId());
            for (MirrorSession s : d.sessions.values()) {
                if (s.networkInterfaceId().equals(eni.id())) throw MirrorException.invalid(
                        "The network interface '" + eni.id() + "' is a traffic mirror source and cannot be a traffic mirror target.");
            }
            if (address == null && eni.primaryAddress() == null)
                throw MirrorException.invalid("The network interface '" + eni.id() + "' has no private IP address.");
        } else if (r.networkLoadBalancerArn() != null) {
            kind = TargetKind.NETWORK_LOAD_BALANCER;
            if (!NLB_ARN.matcher(r.networkLoadBalancerArn()).matches())
                throw new MirrorException("InvalidNetworkLoadBalancerArn.Malformed", "The network load balancer ARN '" + r.networkLoadBalancerArn() + "' is malformed.");
            for (MirrorTarget t : d.targets.values()) {
                if (r.networkLoadBalancerArn().equals(t.networkLoadBalancerArn())) throw new MirrorException("NlbInUseByTrafficMirrorTargetException",
                        "The network load balancer '" + r.networkLoadBalancerArn() + "' is already used by traffic mirror target '" + t.id() + "'.");
            }
        } else {
            kind = TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT;
            if (!GWLBE_ID.matcher(r.gatewayLoadBalancerEndpointId()).matches())
                throw new MirrorException("InvalidVpcEndpointId.Malformed", "Invalid Id: '" + r.gatewayLoadBalancerEndpointId() + "' (expecting 'vpce-...')");
        }
        int port = r.port() == null ? MirrorTarget.VXLAN_PORT : r.port();
        if (port < 1 || port > 65535) throw MirrorException.invalidValue("port", port, "The port must be between 1 and 65535.");
        int mtu = r.mtu() == null ? 0 : r.mtu();
        if (mtu != 0 && (mtu < 68 || mtu > 65535)) throw MirrorException.invalidValue("mtu", mtu, "The MTU must be between 68 and 65535.");
        checkTags(r.tags());
        MirrorTarget t = new MirrorTarget(ids.next("tmt-"), kind, r.networkInterfaceId(), r.networkLoadBalancerArn(),
                r.gatewayLoadBalancerEndpointId(), address, port, mtu, r.description(), r.tags());
        d.targets.put(t.id(), t);
        commit(d);
        return t;
    }

    public synchronized String deleteTarget(String targetId) {
        Draft d = new Draft();
        targetOf(d, targetId);
        for (MirrorSession s : d.sessions.values()) {
            if (s.targetId().equals(targetId)) throw new MirrorException("TrafficMirrorTargetInUseException",
                    "Traffic mirror target '" + targetId + "' is in use by traffic mirror session '" + s.id() + "' and cannot be deleted.");
        }
        d.targets.remove(targetId);
        commit(d);
        return targetId;
    }

    /** The named targets in the order asked, or all in creation order when none are named. */
    public List<MirrorTarget> describeTargets(Collection<String> targetIds) {
        MirrorState s = state;
        return describe(targetIds, s.targets().values(), id -> s.targets().get(id), this::targetNotFound);
    }

    // ---- filters ----

    public synchronized MirrorFilter createFilter(String description, Map<String, String> tags) {
        Draft d = new Draft();
        if (d.filters.size() >= quotas.filtersPerAccount())
            throw limit("TrafficMirrorFilterLimitExceeded", "The maximum number of traffic mirror filters (" + quotas.filtersPerAccount() + ") has been reached.");
        checkTags(tags);
        MirrorFilter f = new MirrorFilter(ids.next("tmf-"), description, List.of(), List.of(), Set.of(), tags);
        d.filters.put(f.id(), f);
        commit(d);
        return f;
    }

    public synchronized String deleteFilter(String filterId) {
        Draft d = new Draft();
        filterOf(d, filterId);
        for (MirrorSession s : d.sessions.values()) {
            if (s.filterId().equals(filterId)) throw new MirrorException("TrafficMirrorFilterInUse",
                    "Traffic mirror filter '" + filterId + "' is in use by traffic mirror session '" + s.id() + "' and cannot be deleted.");
        }
        d.filters.remove(filterId);
        commit(d);
        return filterId;
    }

    public List<MirrorFilter> describeFilters(Collection<String> filterIds) {
        MirrorState s = state;
        return describe(filterIds, s.filters().values(), id -> s.filters().get(id), this::filterNotFound);
    }

    /** ModifyTrafficMirrorFilterNetworkServices: {@code amazon-dns} is the only service there is. */
    public synchronized MirrorFilter modifyFilterNetworkServices(String filterId, Collection<String> add, Collection<String> remove) {
        Draft d = new Draft();
        MirrorFilter f = filterOf(d, filterId);
        Set<String> services = new HashSet<>(f.networkServices());
        for (String s : nonNull(add)) services.add(networkService(s));
        for (String s : nonNull(remove)) services.remove(networkService(s));
        MirrorFilter changed = new MirrorFilter(f.id(), f.description(), f.ingressRules(), f.egressRules(), services, f.tags());
        d.filters.put(f.id(), changed);
        commit(d);
        return changed;
    }

    private static String networkService(String s) {
        if (!MirrorFilter.AMAZON_DNS.equals(s)) throw MirrorException.invalidValue("networkService", s, "Valid values: amazon-dns.");
        return s;
    }

    // ---- filter rules ----

    public synchronized FilterRule createFilterRule(FilterRuleRequest r) {
        Draft d = new Draft();
        if (r.filterId() == null) throw MirrorException.missing("TrafficMirrorFilterId");
        MirrorFilter f = filterOf(d, r.filterId());
        Direction dir = direction(required(r.trafficDirection(), "TrafficDirection"));
        int number = ruleNumber(required(r.ruleNumber(), "RuleNumber"));
        RuleAction action = action(required(r.ruleAction(), "RuleAction"));
        Cidr src = cidr("sourceCidrBlock", required(r.sourceCidrBlock(), "SourceCidrBlock"));
        Cidr dst = cidr("destinationCidrBlock", required(r.destinationCidrBlock(), "DestinationCidrBlock"));
        Integer protocol = protocol(r.protocol());
        PortRange sp = portRange("SourcePortRange", r.sourceFromPort(), r.sourceToPort());
        PortRange dp = portRange("DestinationPortRange", r.destinationFromPort(), r.destinationToPort());
        checkTags(r.tags());
        if (f.ruleCount() >= quotas.rulesPerFilter()) throw limit("TrafficMirrorFilterRuleLimitExceeded",
                "The maximum number of rules (" + quotas.rulesPerFilter() + ") for traffic mirror filter '" + f.id() + "' has been reached.");
        FilterRule rule = new FilterRule(ids.next("tmfr-"), f.id(), dir, number, action, protocol, src, dst, sp, dp, r.description(), r.tags());
        checkRule(f, rule);
        putRule(d, f, null, rule);
        commit(d);
        return rule;
    }

    /** ModifyTrafficMirrorFilterRule, RemoveField included. */
    public synchronized FilterRule modifyFilterRule(FilterRuleChange c) {
        Draft d = new Draft();
        FilterRule old = ruleOf(d, c.ruleId());
        MirrorFilter f = d.filters.get(old.filterId());
        Set<String> remove = removeFields(c.removeFields(), RULE_REMOVABLE);
        Direction dir = c.trafficDirection() == null ? old.direction() : direction(c.trafficDirection());
        int number = c.ruleNumber() == null ? old.ruleNumber() : ruleNumber(c.ruleNumber());
        RuleAction action = c.ruleAction() == null ? old.action() : action(c.ruleAction());
        Cidr src = c.sourceCidrBlock() == null ? old.sourceCidr() : cidr("sourceCidrBlock", c.sourceCidrBlock());
        Cidr dst = c.destinationCidrBlock() == null ? old.destinationCidr() : cidr("destinationCidrBlock", c.destinationCidrBlock());
        Integer protocol = remove.contains("protocol") ? null : c.protocol() == null ? old.protocol() : protocol(c.protocol());
        PortRange sp = remove.contains("source-port-range") ? null
                : c.sourceFromPort() == null && c.sourceToPort() == null ? old.sourcePortRange() : portRange("SourcePortRange", c.sourceFromPort(), c.sourceToPort());
        PortRange dp = remove.contains("destination-port-range") ? null
                : c.destinationFromPort() == null && c.destinationToPort() == null ? old.destinationPortRange() : portRange("DestinationPortRange", c.destinationFromPort(), c.destinationToPort());
        String description = remove.contains("description") ? null : c.description() == null ? old.description() : c.description();
        FilterRule rule = new FilterRule(old.id(), old.filterId(), dir, number, action, protocol, src, dst, sp, dp, description, old.tags());
        checkRule(f, rule);
        putRule(d, f, old, rule);
        commit(d);
        return rule;
    }

    public synchronized String deleteFilterRule(String ruleId) {
        Draft d = new Draft();
        FilterRule old = ruleOf(d, ruleId);
        putRule(d, d.filters.get(old.filterId()), old, null);
        commit(d);
        return ruleId;
    }

    /** DescribeTrafficMirrorFilterRules: by id, or every rule of one filter, or every rule. */
    public List<FilterRule> describeFilterRules(Collection<String> ruleIds, String filterId) {
        MirrorState s = state;
        List<FilterRule> all = new ArrayList<>();
        for (MirrorFilter f : s.filters().values()) {
            if (filterId == null || f.id().equals(filterId)) { all.addAll(f.ingressRules()); all.addAll(f.egressRules()); }
        }
        if (filterId != null && !s.filters().containsKey(filterId)) throw filterNotFound(filterId);
        return describe(ruleIds, all, id -> all.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null), this::ruleNotFound);
    }

    /** A rule's number is unique per direction in its filter; port ranges need TCP or UDP; both CIDRs of one family. */
    private static void checkRule(MirrorFilter f, FilterRule rule) {
        if (rule.sourceCidr().family() != rule.destinationCidr().family())
            throw MirrorException.invalid("DestinationCidrBlock and SourceCidrBlock must both be an IPv4 range or an IPv6 range.");
        boolean tcpOrUdp = rule.protocol() != null && (rule.protocol() == 6 || rule.protocol() == 17);
        if ((rule.sourcePortRange() != null || rule.destinationPortRange() != null) && !tcpOrUdp)
            throw MirrorException.invalid("Port ranges can only be specified for the TCP (6) and UDP (17) protocols.");
        for (FilterRule other : f.rules(rule.direction())) {
            if (!other.id().equals(rule.id()) && other.ruleNumber() == rule.ruleNumber())
                throw new MirrorException("TrafficMirrorFilterRuleAlreadyExists", "A traffic mirror filter rule with rule number " + rule.ruleNumber()
                        + " already exists in the " + rule.direction().awsName() + " direction of traffic mirror filter '" + f.id() + "'.");
        }
    }

    private static void putRule(Draft d, MirrorFilter f, FilterRule old, FilterRule rule) {
        List<FilterRule> in = new ArrayList<>(f.ingressRules()), out = new ArrayList<>(f.egressRules());
        if (old != null) { in.remove(old); out.remove(old); }
        if (rule != null) (rule.direction() == Direction.INGRESS ? in : out).add(rule);
        d.filters.put(f.id(), new MirrorFilter(f.id(), f.description(), in, out, f.networkServices(), f.tags()));
    }

    // ---- sessions ----

    public synchronized MirrorSession createSession(SessionRequest r) {
        Draft d = new Draft();
        NetworkInterface eni = interfaceOf(d, required(r.networkInterfaceId(), "NetworkInterfaceId"));
        MirrorTarget target = targetOf(d, required(r.targetId(), "TrafficMirrorTargetId"));
        MirrorFilter filter = filterOf(d, required(r.filterId(), "TrafficMirrorFilterId"));
        int number = sessionNumber(required(r.sessionNumber(), "SessionNumber"));
        Integer packetLength = packetLength(r.packetLength());
        if (r.virtualNetworkId() != null) vni(r.virtualNetworkId());
        checkTags(r.tags());
        if (d.sessions.size() >= quotas.sessionsPerAccount())
            throw limit("TrafficMirrorSessionLimitExceeded", "The maximum number of traffic mirror sessions (" + quotas.sessionsPerAccount() + ") has been reached.");
        long onInterface = d.sessions.values().stream().filter(s -> s.networkInterfaceId().equals(eni.id())).count();
        if (onInterface >= quotas.sessionsPerInterface()) throw limit("TrafficMirrorSessionsPerInterfaceLimitExceeded",
                "The maximum number of traffic mirror sessions (" + quotas.sessionsPerInterface() + ") for network interface '" + eni.id() + "' has been reached.");
        MirrorSession s = new MirrorSession(ids.next("tms-"), eni.id(), target.id(), filter.id(), number,
                r.virtualNetworkId() != null ? r.virtualNetworkId() : unusedVni(d), packetLength, r.description(), r.tags());
        checkSession(d, s);
        d.sessions.put(s.id(), s);
        commit(d);
        return s;
    }

    /** ModifyTrafficMirrorSession, RemoveField included. */
    public synchronized MirrorSession modifySession(SessionChange c) {
        Draft d = new Draft();
        MirrorSession old = sessionOf(d, c.sessionId());
        Set<String> remove = removeFields(c.removeFields(), SESSION_REMOVABLE);
        String targetId = c.targetId() == null ? old.targetId() : targetOf(d, c.targetId()).id();
        String filterId = c.filterId() == null ? old.filterId() : filterOf(d, c.filterId()).id();
        int number = c.sessionNumber() == null ? old.sessionNumber() : sessionNumber(c.sessionNumber());
        Integer packetLength = remove.contains("packet-length") ? null : c.packetLength() == null ? old.packetLength() : packetLength(c.packetLength());
        int vni = remove.contains("virtual-network-id") ? unusedVni(d) : c.virtualNetworkId() == null ? old.vni() : vni(c.virtualNetworkId());
        String description = remove.contains("description") ? null : c.description() == null ? old.description() : c.description();
        MirrorSession s = new MirrorSession(old.id(), old.networkInterfaceId(), targetId, filterId, number, vni, packetLength, description, old.tags());
        checkSession(d, s);
        d.sessions.put(s.id(), s);
        commit(d);
        return s;
    }

    public synchronized String deleteSession(String sessionId) {
        Draft d = new Draft();
        sessionOf(d, sessionId);
        d.sessions.remove(sessionId);
        commit(d);
        return sessionId;
    }

    public List<MirrorSession> describeSessions(Collection<String> sessionIds) {
        MirrorState s = state;
        return describe(sessionIds, s.sessions().values(), id -> s.sessions().get(id), this::sessionNotFound);
    }

    /** Rules that relate a session to the others and to its target (the session itself is not yet in the draft, or is its old self). */
    private void checkSession(Draft d, MirrorSession s) {
        MirrorTarget target = d.targets.get(s.targetId());
        if (s.networkInterfaceId().equals(target.networkInterfaceId()))
            throw MirrorException.invalid("The traffic mirror source and target cannot be the same network interface ('" + s.networkInterfaceId() + "').");
        for (MirrorTarget t : d.targets.values()) {
            if (s.networkInterfaceId().equals(t.networkInterfaceId())) throw MirrorException.invalid("The network interface '"
                    + s.networkInterfaceId() + "' is traffic mirror target '" + t.id() + "' and cannot be a traffic mirror source.");
        }
        Set<String> sources = new HashSet<>();
        for (MirrorSession o : d.sessions.values()) {
            if (o.id().equals(s.id())) continue;
            if (o.networkInterfaceId().equals(s.networkInterfaceId()) && o.sessionNumber() == s.sessionNumber())
                throw MirrorException.invalidValue("sessionNumber", s.sessionNumber(), "Traffic mirror session '" + o.id()
                        + "' already has this session number on network interface '" + s.networkInterfaceId() + "'.");
            if (o.targetId().equals(target.id())) sources.add(o.networkInterfaceId());
        }
        if (target.kind() == TargetKind.NETWORK_INTERFACE && !sources.contains(s.networkInterfaceId()) && sources.size() >= quotas.sourcesPerTarget())
            throw limit("TrafficMirrorSourcesPerTargetLimitExceeded", "The maximum number of traffic mirror sources (" + quotas.sourcesPerTarget()
                    + ") for traffic mirror target '" + target.id() + "' has been reached.");
    }

    /** "If you do not specify a VirtualNetworkId, an account-wide unique id is chosen at random." (EC2 API) */
    private int unusedVni(Draft d) {
        Set<Integer> used = new HashSet<>();
        for (MirrorSession s : d.sessions.values()) used.add(s.vni());
        while (true) {
            int v = 1 + random.nextInt(MAX_VNI);
            if (!used.contains(v)) return v;
        }
    }

    // ---- tags ----

    /** CreateTags: adds or overwrites tags on any mirror resource or interface. */
    public synchronized void createTags(Collection<String> resourceIds, Map<String, String> tags) {
        Draft d = new Draft();
        checkTags(tags);
        for (String id : resourceIds) retag(d, id, old -> {
            Map<String, String> merged = mergedTags(old, tags);
            if (merged.size() > Tag.MAX_PER_RESOURCE)
                throw new MirrorException("TagLimitExceeded", "The maximum number of tags (" + Tag.MAX_PER_RESOURCE + ") for resource '" + id + "' has been reached.");
            return merged;
        });
        commit(d);
    }

    /** DeleteTags: a tag with a null value goes whatever its value; no tags at all removes every tag. */
    public synchronized void deleteTags(Collection<String> resourceIds, Collection<Tag> tags) {
        Draft d = new Draft();
        for (String id : resourceIds) retag(d, id, old -> {
            if (tags == null || tags.isEmpty()) return Map.of();
            Map<String, String> left = new LinkedHashMap<>(old);
            for (Tag t : tags) if (t.value() == null || t.value().equals(left.get(t.key()))) left.remove(t.key());
            return left;
        });
        commit(d);
    }

    private void retag(Draft d, String id, Function<Map<String, String>, Map<String, String>> change) {
        if (id == null) throw MirrorException.missing("ResourceId");
        if (id.startsWith("tmfr-")) {
            FilterRule r = ruleOf(d, id);
            MirrorFilter f = d.filters.get(r.filterId());
            putRule(d, f, r, r.withTags(change.apply(r.tags())));
        } else if (id.startsWith("tmf-")) {
            MirrorFilter f = filterOf(d, id);
            d.filters.put(id, f.withTags(change.apply(f.tags())));
        } else if (id.startsWith("tmt-")) {
            MirrorTarget t = targetOf(d, id);
            d.targets.put(id, t.withTags(change.apply(t.tags())));
        } else if (id.startsWith("tms-")) {
            MirrorSession s = sessionOf(d, id);
            d.sessions.put(id, s.withTags(change.apply(s.tags())));
        } else if (id.startsWith("eni-")) {
            NetworkInterface n = interfaceOf(d, id);
            d.interfaces.put(id, n.withTags(change.apply(n.tags())));
        } else {
            throw new MirrorException("InvalidID", "The ID '" + id + "' is not valid");
        }
    }

    private static Map<String, String> mergedTags(Map<String, String> old, Map<String, String> add) {
        Map<String, String> m = new LinkedHashMap<>(old);
        if (add != null) m.putAll(add);
        return m;
    }

    /** EC2 tag restrictions: key 1-128 characters, not starting with {@code aws:}; value at most 256; 50 per resource. */
    private static void checkTags(Map<String, String> tags) {
        if (tags == null) return;
        if (tags.size() > Tag.MAX_PER_RESOURCE)
            throw new MirrorException("TagLimitExceeded", "The maximum number of tags (" + Tag.MAX_PER_RESOURCE + ") per resource has been exceeded.");
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String k = e.getKey();
            if (k == null || k.isEmpty() || k.length() > 128) throw MirrorException.invalidValue("key", k, "Tag keys must be 1 to 128 characters long.");
            if (k.regionMatches(true, 0, "aws:", 0, 4)) throw MirrorException.invalidValue("key", k, "Tag keys starting with 'aws:' are reserved for internal use");
            if (e.getValue() != null && e.getValue().length() > 256)
                throw MirrorException.invalidValue("value", e.getValue(), "Tag values may be at most 256 characters long.");
        }
    }

    // ---- field validation ----

    private static <T> T required(T value, String parameter) {
        if (value == null) throw MirrorException.missing(parameter);
        return value;
    }

    private static Direction direction(String s) {
        Direction d = Direction.fromAws(s);
        if (d == null) throw MirrorException.invalidValue("trafficDirection", s, "Valid values: ingress, egress.");
        return d;
    }

    private static RuleAction action(String s) {
        RuleAction a = RuleAction.fromAws(s);
        if (a == null) throw MirrorException.invalidValue("ruleAction", s, "Valid values: accept, reject.");
        return a;
    }

    private static int ruleNumber(int n) {
        if (n < 1 || n > MAX_RULE_NUMBER) throw MirrorException.invalidValue("ruleNumber", n, "The rule number must be between 1 and " + MAX_RULE_NUMBER + ".");
        return n;
    }

    private static int sessionNumber(int n) {
        if (n < 1 || n > MAX_SESSION_NUMBER) throw MirrorException.invalidValue("sessionNumber", n, "The session number must be between 1 and " + MAX_SESSION_NUMBER + ".");
        return n;
    }

    private static int vni(int v) {
        if (v < 0 || v > MAX_VNI) throw MirrorException.invalidValue("virtualNetworkId", v, "The virtual network ID must be between 0 and " + MAX_VNI + ".");
        return v;
    }

    /** Rejects what no family allows: below the IPv4 minimum of 35 or above 8500 (IPv6's 55 is applied per packet, see CHOICES.md). */
    private static Integer packetLength(Integer n) {
        if (n != null && (n < MIN_PACKET_LENGTH_IPV4 || n > MAX_PACKET_LENGTH)) throw MirrorException.invalidValue("packetLength", n,
                "The packet length must be between 1 and " + MAX_PACKET_LENGTH + ", and cannot be less than " + MIN_PACKET_LENGTH_IPV4
                        + " bytes for IPv4 traffic or " + MIN_PACKET_LENGTH_IPV6 + " bytes for IPv6 traffic.");
        return n;
    }

    /** IANA protocol number 0-255; 0 (and omission) mean all protocols, as the console's "All protocols" (CHOICES.md). */
    private static Integer protocol(Integer p) {
        if (p == null) return null;
        if (p < 0 || p > 255) throw MirrorException.invalidValue("protocol", p, "The protocol must be an IANA protocol number between 0 and 255.");
        return p == 0 ? null : p;
    }

    private static Cidr cidr(String parameter, String text) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw MirrorException.invalidValue(parameter, text, "This is not a valid CIDR block.");
        }
    }

    private static PortRange portRange(String parameter, Integer from, Integer to) {
        if (from == null && to == null) return null;
        if (from == null) throw MirrorException.missing(parameter + ".FromPort");
        if (to == null) throw MirrorException.missing(parameter + ".ToPort");
        for (int p : new int[] {from, to}) {
            if (p < 0 || p > 65535) throw MirrorException.invalidValue(parameter, p, "Ports must be between 0 and 65535.");
        }
        if (from > to) throw MirrorException.invalidValue(parameter, from + "-" + to, "FromPort must not be greater than ToPort.");
        return new PortRange(from, to);
    }

    private static Set<String> removeFields(Set<String> fields, Set<String> allowed) {
        for (String f : nonNull(fields)) {
            if (!allowed.contains(f)) throw MirrorException.invalidValue("RemoveField", f, "Valid values: " + String.join(", ", allowed.stream().sorted().toList()) + ".");
        }
        return fields == null ? Set.of() : fields;
    }

    private static <T> Collection<T> nonNull(Collection<T> c) { return c == null ? List.of() : c; }

    private static MirrorException limit(String code, String message) { return new MirrorException(code, message); }

    // ---- lookups ----

    private NetworkInterface interfaceOf(Draft d, String id) {
        NetworkInterface n = d.interfaces.get(id);
        if (n == null) throw new MirrorException("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist");
        return n;
    }

    private MirrorTarget targetOf(Draft d, String id) {
        MirrorTarget t = d.targets.get(id);
        if (t == null) throw targetNotFound(id);
        return t;
    }

    private MirrorFilter filterOf(Draft d, String id) {
        MirrorFilter f = d.filters.get(id);
        if (f == null) throw filterNotFound(id);
        return f;
    }

    private FilterRule ruleOf(Draft d, String id) {
        for (MirrorFilter f : d.filters.values()) {
            for (Direction dir : Direction.values()) {
                for (FilterRule r : f.rules(dir)) if (r.id().equals(id)) return r;
            }
        }
        throw ruleNotFound(id);
    }

    private MirrorSession sessionOf(Draft d, String id) {
        MirrorSession s = d.sessions.get(id);
        if (s == null) throw sessionNotFound(id);
        return s;
    }

    private MirrorException targetNotFound(String id) {
        return new MirrorException("InvalidTrafficMirrorTargetId.NotFound", "The traffic mirror target ID '" + id + "' does not exist");
    }

    private MirrorException filterNotFound(String id) {
        return new MirrorException("InvalidTrafficMirrorFilterId.NotFound", "The traffic mirror filter ID '" + id + "' does not exist");
    }

    private MirrorException ruleNotFound(String id) {
        return new MirrorException("InvalidTrafficMirrorFilterRuleId.NotFound", "The traffic mirror filter rule ID '" + id + "' does not exist");
    }

    private MirrorException sessionNotFound(String id) {
        return new MirrorException("InvalidTrafficMirrorSessionId.NotFound", "The traffic mirror session ID '" + id + "' does not exist");
    }

    private static <T> List<T> describe(Collection<String> ids, Collection<T> all, Function<String, T> lookup, Function<String, MirrorException> notFound) {
        if (ids == null || ids.isEmpty()) return List.copyOf(all);
        List<T> out = new ArrayList<>();
        for (String id : ids) {
            T t = lookup.apply(id);
            if (t == null) throw notFound.apply(id);
            out.add(t);
        }
        return out;
    }

    // ---- commit ----

    /** Mutable copies of the current maps for one operation. */
    private final class Draft {
        final LinkedHashMap<String, NetworkInterface> interfaces = new LinkedHashMap<>(state.networkInterfaces());
        final LinkedHashMap<String, MirrorTarget> targets = new LinkedHashMap<>(state.targets());
        final LinkedHashMap<String, MirrorFilter> filters = new LinkedHashMap<>(state.filters());
        final LinkedHashMap<String, MirrorSession> sessions = new LinkedHashMap<>(state.sessions());
    }

    private void commit(Draft d) {
        MirrorState next = new MirrorState(state.version() + 1, d.interfaces, d.targets, d.filters, d.sessions);
        for (Consumer<MirrorState> l : listeners) l.accept(next);
        state = next;
    }
}
