package net.trafficmirror.mirror;

import java.util.Set;

/**
 * ModifyTrafficMirrorFilterRule's parameters: a null field stays as it is; {@code removeFields} holds AWS's
 * RemoveField values {@code destination-port-range}, {@code source-port-range}, {@code protocol}, {@code description}.
 */
public record FilterRuleChange(String ruleId, String trafficDirection, Integer ruleNumber, String ruleAction,
                               Integer protocol, String sourceCidrBlock, String destinationCidrBlock,
                               Integer sourceFromPort, Integer sourceToPort, Integer destinationFromPort,
                               Integer destinationToPort, String description, Set<String> removeFields) {}
