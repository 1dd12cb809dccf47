package net.trafficmirror.lab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.trafficmirror.mirror.FilterRule;
import net.trafficmirror.mirror.MirrorFilter;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.MirrorTarget;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.PortRange;
import net.trafficmirror.mirror.TargetKind;
import net.trafficmirror.mirror.config.MirrorConfigProvisioner;

/**
 * Writes a mirror state as the CloudFormation configuration that agents and collectors read
 * ({@link net.trafficmirror.mirror.config.MirrorConfig}): each interface an {@code AWS::EC2::NetworkInterface}
 * tagged with its host and device, then the targets, filters, rules and sessions with their CloudFormation
 * properties, referring to each other with {@code !Ref}. Session numbers and VNIs are written out, so every
 * reader sees the VNIs the lab chose.
 */
final class MirrorConfigFile {
    private MirrorConfigFile() {}

    static String render(MirrorState state, String description) {
        Map<String, String> logical = new LinkedHashMap<>();
        StringBuilder y = new StringBuilder("AWSTemplateFormatVersion: '2010-09-09'\nDescription: ").append(quote(description)).append("\nResources:\n");
        int n = 0;
        for (NetworkInterface eni : state.networkInterfaces().values()) {
            String id = "Interface" + ++n;
            logical.put(eni.id(), id);
            y.append("  ").append(id).append(":\n    Type: AWS::EC2::NetworkInterface\n    Properties:\n");
            y.append("      PrivateIpAddress: ").append(quote(eni.primaryAddress().getHostAddress())).append('\n');
            y.append("      Tags:\n");
            tag(y, MirrorConfigProvisioner.TAG_HOST, eni.host());
            tag(y, MirrorConfigProvisioner.TAG_INTERFACE, eni.interfaceName());
            tag(y, MirrorConfigProvisioner.TAG_MAC, eni.macAddress());
        }
        n = 0;
        for (MirrorTarget t : state.targets().values()) {
            String id = "Target" + ++n;
            logical.put(t.id(), id);
            y.append("  ").append(id).append(":\n    Type: AWS::EC2::TrafficMirrorTarget\n    Properties:\n");
            if (t.kind() == TargetKind.NETWORK_INTERFACE) y.append("      NetworkInterfaceId: !Ref ").append(logical.get(t.networkInterfaceId())).append('\n');
            else if (t.kind() == TargetKind.NETWORK_LOAD_BALANCER) y.append("      NetworkLoadBalancerArn: ").append(quote(t.networkLoadBalancerArn())).append('\n');
            else y.append("      GatewayLoadBalancerEndpointId: ").append(quote(t.gatewayLoadBalancerEndpointId())).append('\n');
            description(y, t.description());
            if (t.kind() != TargetKind.NETWORK_INTERFACE || t.port() != MirrorTarget.VXLAN_PORT || t.mtu() != 0) {
                y.append("      Tags:\n");
                if (t.address() != null) tag(y, MirrorConfigProvisioner.TAG_ADDRESS, t.address().getHostAddress());
                if (t.port() != MirrorTarget.VXLAN_PORT) tag(y, MirrorConfigProvisioner.TAG_PORT, Integer.toString(t.port()));
                if (t.mtu() != 0) tag(y, MirrorConfigProvisioner.TAG_MTU, Integer.toString(t.mtu()));
            }
        }
        n = 0;
        for (MirrorFilter f : state.filters().values()) {
            String id = "Filter" + ++n;
            logical.put(f.id(), id);
            y.append("  ").append(id).append(":\n    Type: AWS::EC2::TrafficMirrorFilter\n    Properties:\n");
            description(y, f.description());
            if (!f.networkServices().isEmpty()) y.append("      NetworkServices: [").append(String.join(", ", f.networkServices())).append("]\n");
            else if (f.description() == null || f.description().isEmpty()) y.append("      Description: ''\n");
            int r = 0;
            for (List<FilterRule> rules : List.of(f.ingressRules(), f.egressRules())) {
                for (FilterRule rule : rules) rule(y, id + "Rule" + ++r, id, rule);
            }
        }
        n = 0;
        for (MirrorSession s : state.sessions().values()) {
            y.append("  Session").append(++n).append(":\n    Type: AWS::EC2::TrafficMirrorSession\n    Properties:\n");
            y.append("      NetworkInterfaceId: !Ref ").append(logical.get(s.networkInterfaceId())).append('\n');
            y.append("      TrafficMirrorTargetId: !Ref ").append(logical.get(s.targetId())).append('\n');
            y.append("      TrafficMirrorFilterId: !Ref ").append(logical.get(s.filterId())).append('\n');
            y.append("      SessionNumber: ").append(s.sessionNumber()).append('\n');
            y.append("      VirtualNetworkId: ").append(s.vni()).append('\n');
            if (s.packetLength() != null) y.append("      PacketLength: ").append(s.packetLength()).append('\n');
            description(y, s.description());
        }
        return y.toString();
    }

    private static void rule(StringBuilder y, String id, String filter, FilterRule r) {
        y.append("  ").append(id).append(":\n    Type: AWS::EC2::TrafficMirrorFilterRule\n    Properties:\n");
        y.append("      TrafficMirrorFilterId: !Ref ").append(filter).append('\n');
        y.append("      TrafficDirection: ").append(r.direction().awsName()).append('\n');
        y.append("      RuleNumber: ").append(r.ruleNumber()).append('\n');
        y.append("      RuleAction: ").append(r.action().awsName()).append('\n');
        if (r.protocol() != null) y.append("      Protocol: ").append(r.protocol()).append('\n');
        y.append("      SourceCidrBlock: ").append(quote(r.sourceCidr().toString())).append('\n');
        y.append("      DestinationCidrBlock: ").append(quote(r.destinationCidr().toString())).append('\n');
        ports(y, "SourcePortRange", r.sourcePortRange());
        ports(y, "DestinationPortRange", r.destinationPortRange());
        description(y, r.description());
    }

    private static void ports(StringBuilder y, String key, PortRange p) {
        if (p != null) y.append("      ").append(key).append(": {FromPort: ").append(p.fromPort()).append(", ToPort: ").append(p.toPort()).append("}\n");
    }

    private static void description(StringBuilder y, String d) {
        if (d != null && !d.isEmpty()) y.append("      Description: ").append(quote(d)).append('\n');
    }

    private static void tag(StringBuilder y, String key, String value) {
        if (value != null) y.append("        - {Key: ").append(quote(key)).append(", Value: ").append(quote(value)).append("}\n");
    }

    /** A YAML single-quoted scalar: only the quote itself needs escaping (doubled). */
    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
