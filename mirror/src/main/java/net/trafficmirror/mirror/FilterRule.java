package net.trafficmirror.mirror;

import java.util.Map;

/**
 * A Traffic Mirror filter rule (EC2 TrafficMirrorFilterRule).
 *
 * @param protocol             IANA protocol number, or null for all protocols
 * @param sourcePortRange      null when the rule does not look at ports (only TCP and UDP rules may have ranges)
 * @param destinationPortRange likewise
 */
public record FilterRule(String id, String filterId, Direction direction, int ruleNumber, RuleAction action,
                         Integer protocol, Cidr sourceCidr, Cidr destinationCidr, PortRange sourcePortRange,
                         PortRange destinationPortRange, String description, Map<String, String> tags) {
    public FilterRule {
        tags = Tag.freeze(tags);
    }

    FilterRule withTags(Map<String, String> t) {
        return new FilterRule(id, filterId, direction, ruleNumber, action, protocol, sourceCidr, destinationCidr, sourcePortRange, destinationPortRange, description, t);
    }
}
