package net.trafficmirror.agent;

import net.trafficmirror.mirror.eval.InterfacePlan;

/**
 * Why a captured packet was not offered to any session. The first four are the evaluator's answers
 * ({@link InterfacePlan}); the last three are the agent's own: its tunnel and control-plane traffic (no feedback
 * loops) and frames the interface saw that were not for this host.
 */
public enum NotMirroredReason {
    NOT_ACCEPTED("not accepted by any session"),
    NEVER_MIRRORED("never mirrored (ARP, DHCP, metadata, NTP)"),
    AMAZON_DNS_NOT_ENABLED("amazon-dns not enabled"),
    NO_SESSIONS("no sessions"),
    OWN_TUNNEL("the agent's own VXLAN or ICMP errors about it"),
    OWN_CONTROL("the agent's control-plane connection"),
    OTHER_HOST("not for this host (PACKET_OTHERHOST)");

    private final String text;

    NotMirroredReason(String text) { this.text = text; }

    public String text() { return text; }

    /** The reason for a negative {@link InterfacePlan#decide} result. */
    static NotMirroredReason of(int decision) {
        return switch (decision) {
            case InterfacePlan.NEVER_MIRRORED -> NEVER_MIRRORED;
            case InterfacePlan.AMAZON_DNS_NOT_ENABLED -> AMAZON_DNS_NOT_ENABLED;
            case InterfacePlan.NO_SESSIONS -> NO_SESSIONS;
            default -> NOT_ACCEPTED;
        };
    }
}
