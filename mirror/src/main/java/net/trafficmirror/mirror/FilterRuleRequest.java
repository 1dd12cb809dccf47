package net.trafficmirror.mirror;

import java.util.Map;

/**
 * CreateTrafficMirrorFilterRule's parameters, as the API receives them (strings and nullable numbers);
 * {@link MirrorRegistry#createFilterRule} validates them the way AWS does.
 */
public record FilterRuleRequest(String filterId, String trafficDirection, Integer ruleNumber, String ruleAction,
                                Integer protocol, String sourceCidrBlock, String destinationCidrBlock,
                                Integer sourceFromPort, Integer sourceToPort, Integer destinationFromPort,
                                Integer destinationToPort, String description, Map<String, String> tags) {}
