package net.trafficmirror.mirror;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A network interface that can be a mirror source or target: AWS's ENI ({@code eni-} id), bound here to a host
 * and a local device name. The VPC CIDR gives the Amazon-provided DNS resolver (VPC base + 2) for the
 * amazon-dns network service.
 *
 * @param macAddress lowercase {@code aa:bb:cc:dd:ee:ff}, or null when unknown
 * @param subnetCidr the subnet, or null
 * @param vpcCidr    the VPC's primary CIDR, or null
 */
public record NetworkInterface(String id, String host, String interfaceName, List<InetAddress> ipv4Addresses,
                               List<InetAddress> ipv6Addresses, String macAddress, Cidr subnetCidr, Cidr vpcCidr,
                               String description, Map<String, String> tags) {
    public NetworkInterface {
        ipv4Addresses = List.copyOf(ipv4Addresses == null ? List.of() : ipv4Addresses);
        ipv6Addresses = List.copyOf(ipv6Addresses == null ? List.of() : ipv6Addresses);
        tags = Tag.freeze(tags);
    }

    /** The primary private address: the first IPv4 address, else the first IPv6 one, else null. */
    public InetAddress primaryAddress() {
        return !ipv4Addresses.isEmpty() ? ipv4Addresses.getFirst() : ipv6Addresses.isEmpty() ? null : ipv6Addresses.getFirst();
    }

    public boolean hasAddress(InetAddress a) { return ipv4Addresses.contains(a) || ipv6Addresses.contains(a); }

    NetworkInterface withTags(Map<String, String> t) {
        return new NetworkInterface(id, host, interfaceName, ipv4Addresses, ipv6Addresses, macAddress, subnetCidr, vpcCidr, description, t);
    }
}
