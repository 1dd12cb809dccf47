package net.trafficmirror.mirror;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Traffic Mirror filter (EC2 TrafficMirrorFilter) with its rules, each direction's list in ascending rule
 * number, the order AWS evaluates them in.
 *
 * @param networkServices {@code amazon-dns} or nothing
 */
public record MirrorFilter(String id, String description, List<FilterRule> ingressRules, List<FilterRule> egressRules,
                           Set<String> networkServices, Map<String, String> tags) {
    public static final String AMAZON_DNS = "amazon-dns";

    public MirrorFilter {
        ingressRules = sorted(ingressRules);
        egressRules = sorted(egressRules);
        networkServices = networkServices == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(networkServices));
        tags = Tag.freeze(tags);
    }

    private static List<FilterRule> sorted(List<FilterRule> rules) {
        return rules == null ? List.of() : rules.stream().sorted(Comparator.comparingInt(FilterRule::ruleNumber)).toList();
    }

    public List<FilterRule> rules(Direction d) { return d == Direction.INGRESS ? ingressRules : egressRules; }

    public boolean amazonDns() { return networkServices.contains(AMAZON_DNS); }

    public int ruleCount() { return ingressRules.size() + egressRules.size(); }

    MirrorFilter withTags(Map<String, String> t) {
        return new MirrorFilter(id, description, ingressRules, egressRules, networkServices, t);
    }
}
