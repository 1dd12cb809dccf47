package net.trafficmirror.mirror.eval;

import net.trafficmirror.mirror.FilterRule;

/**
 * What one session's filter said about one packet, for explanations.
 *
 * @param rule the rule that matched (accepted or rejected), else null
 */
public record SessionVerdict(SessionPlan session, Outcome outcome, FilterRule rule) {
    public enum Outcome {
        /** An accept rule matched: this session mirrors the packet. */
        ACCEPTED,
        /** A reject rule matched: on to the next session. */
        REJECTED,
        /** The filter has rules for the direction, none matched. */
        NO_MATCHING_RULE,
        /** The filter has no rules for the direction: it mirrors nothing that way. */
        NO_RULES_FOR_DIRECTION,
        /** Amazon DNS traffic and this filter has the amazon-dns network service: mirrored. */
        AMAZON_DNS_ENABLED,
        /** Amazon DNS traffic and this filter lacks the amazon-dns network service. */
        AMAZON_DNS_NOT_ENABLED
    }
}
