package net.trafficmirror.mirror.eval;

import java.net.InetAddress;
import java.util.List;

/**
 * How {@link PlanCompiler} builds a plan where AWS gives no knob.
 *
 * @param resolverAddresses the Amazon-provided DNS addresses whose traffic only filters with the {@code amazon-dns}
 *                          network service mirror; null for the defaults: the interface's VPC base + 2,
 *                          169.254.169.253 and fd00:ec2::253
 * @param mirrorEverything  mirror the classes AWS never mirrors (ARP, DHCP, instance metadata, NTP, Windows
 *                          activation) like any other traffic; AWS cannot
 */
public record EvalOptions(List<InetAddress> resolverAddresses, boolean mirrorEverything) {
    public static final EvalOptions DEFAULT = new EvalOptions(null, false);

    public EvalOptions {
        resolverAddresses = resolverAddresses == null ? null : List.copyOf(resolverAddresses);
    }
}
