package net.trafficmirror.agent;

import java.util.List;
import java.util.Map;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.eval.InterfacePlan;
import net.trafficmirror.mirror.eval.SessionPlan;
import net.trafficmirror.packet.FrameSummary;

/** Test double for the evaluator: IP protocol number to session index; ARP is never mirrored; the rest is not accepted. */
record ProtocolPlan(List<SessionPlan> sessions, Map<Integer, Integer> sessionByProtocol) implements InterfacePlan {
    @Override public int decide(FrameSummary p, Direction direction) {
        if (p.isArp()) return NEVER_MIRRORED;
        if (sessions.isEmpty()) return NO_SESSIONS;
        return sessionByProtocol.getOrDefault(p.protocol, NOT_ACCEPTED);
    }
}
