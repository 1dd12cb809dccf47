package net.trafficmirror.mirror.eval;

/**
 * What a packet is, before any filter rule looks at it. TM-PDF "General limitations": ARP, DHCP, the Instance
 * Metadata Service, NTP and Windows activation are never mirrored; Amazon DNS only with the {@code amazon-dns}
 * network service (EC2 API ModifyTrafficMirrorFilterNetworkServices).
 */
public enum PacketClass {
    ORDINARY("ordinary traffic", false),
    ARP("ARP", true),
    DHCP("DHCP", true),
    INSTANCE_METADATA("instance metadata (169.254.169.254)", true),
    NTP("Amazon Time Sync NTP (169.254.169.123)", true),
    WINDOWS_ACTIVATION("Windows activation (169.254.169.250-251)", true),
    AMAZON_DNS("Amazon DNS", false);

    private final String label;
    private final boolean neverMirrored;

    PacketClass(String label, boolean neverMirrored) {
        this.label = label;
        this.neverMirrored = neverMirrored;
    }

    /** Words for explanations. */
    public String label() { return label; }

    /** A class AWS never mirrors. */
    public boolean neverMirrored() { return neverMirrored; }
}
