package net.trafficmirror.mirror.eval;

import java.util.List;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.packet.FrameSummary;

/**
 * The compiled, immutable mirror decision for one source interface: its sessions in ascending session number
 * with their filters. Thread-safe; {@link #decide} allocates nothing.
 */
public interface InterfacePlan {
    /** Not mirrored: no session's filter accepted the packet (a reject rule matched, or no rule matched). */
    int NOT_ACCEPTED = -1;
    /** Not mirrored: a class AWS never mirrors (ARP, DHCP, instance metadata, NTP at 169.254.169.123, Windows activation). */
    int NEVER_MIRRORED = -2;
    /** Not mirrored: Amazon-DNS traffic and no session's filter has the amazon-dns network service. */
    int AMAZON_DNS_NOT_ENABLED = -3;
    /** Not mirrored: the interface has no sessions. */
    int NO_SESSIONS = -4;

    /**
     * Decides one packet.
     *
     * @return the index into {@link #sessions()} of the session that mirrors it, or a negative reason code above
     */
    int decide(FrameSummary packet, Direction direction);

    /** Sessions of this interface in ascending session number. */
    List<SessionPlan> sessions();
}
