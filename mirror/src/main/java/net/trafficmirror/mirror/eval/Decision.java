package net.trafficmirror.mirror.eval;

import java.util.List;
import net.trafficmirror.mirror.Direction;

/**
 * The reasoning behind {@link InterfacePlan#decide} for one packet: its class and each session's verdict in the
 * order they were asked (evaluation stops at the first session that mirrors).
 *
 * @param result   what {@code decide} returns: a session index, or a negative reason code of {@link InterfacePlan}
 * @param sessions the sessions' verdicts; empty when the packet's class decided alone
 */
public record Decision(Direction direction, int result, PacketClass packetClass, List<SessionVerdict> sessions) {
    public Decision {
        sessions = List.copyOf(sessions);
    }

    public boolean mirrored() { return result >= 0; }

    /** The verdict of the session that mirrors the packet, or null. */
    public SessionVerdict mirroredBy() { return mirrored() ? sessions.getLast() : null; }
}
