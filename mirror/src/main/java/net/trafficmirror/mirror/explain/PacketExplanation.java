package net.trafficmirror.mirror.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.FilterRule;
import net.trafficmirror.mirror.eval.Decision;
import net.trafficmirror.mirror.eval.InterfacePlan;
import net.trafficmirror.mirror.eval.SessionPlan;
import net.trafficmirror.mirror.eval.SessionVerdict;

/**
 * Why one packet of a capture is or is not mirrored, in the two stable forms {@code tmirror explain} prints.
 *
 * <p>Text, one line per packet ({@code <…>} are values, {@code [ … ]} repeats once per session asked, in session
 * number order):
 * <pre>
 * N DIR mirrored session NUM TMS-ID rule NUM TMFR-ID vni VNI length KEPT/LEN | SUMMARY
 * N DIR mirrored session NUM TMS-ID amazon-dns vni VNI length KEPT/LEN | SUMMARY
 * N DIR not-mirrored REASON[; session NUM TMS-ID OUTCOME] | SUMMARY
 * </pre>
 * DIR is {@code ingress}, {@code egress} or {@code -} (unknown); REASON is {@code no-sessions},
 * {@code never-mirrored CLASS} (CLASS: {@code arp}, {@code dhcp}, {@code instance-metadata}, {@code ntp},
 * {@code windows-activation}), {@code amazon-dns-not-enabled}, {@code not-accepted} or {@code unknown-direction};
 * OUTCOME is {@code rejected rule NUM TMFR-ID}, {@code no-matching-rule}, {@code no-rules-for-direction} or
 * {@code amazon-dns-not-enabled}. SUMMARY is the packet as {@code tcpdump -n -t} prints it, lines joined by a space.
 *
 * @param direction null when neither the MAC nor the addresses tell
 * @param decision  null when the direction is unknown
 */
public record PacketExplanation(long number, Direction direction, Decision decision, int frameLength, String summary) {

    public boolean mirrored() { return decision != null && decision.mirrored(); }

    /** The reason word of the text form. */
    public String reason() {
        if (decision == null) return "unknown-direction";
        return switch (decision.result()) {
            case InterfacePlan.NO_SESSIONS -> "no-sessions";
            case InterfacePlan.NEVER_MIRRORED -> "never-mirrored";
            case InterfacePlan.AMAZON_DNS_NOT_ENABLED -> "amazon-dns-not-enabled";
            case InterfacePlan.NOT_ACCEPTED -> "not-accepted";
            default -> decision.mirroredBy().outcome() == SessionVerdict.Outcome.AMAZON_DNS_ENABLED ? "amazon-dns" : "accepted";
        };
    }

    /** Bytes the mirror copy keeps (PacketLength, with the IPv6 minimum), or 0 when not mirrored. */
    public int keptLength(int ipVersion) {
        return mirrored() ? decision.mirroredBy().session().truncatedLength(frameLength, ipVersion) : 0;
    }

    public String text(int ipVersion) {
        StringBuilder s = new StringBuilder().append(number).append(' ').append(direction == null ? "-" : direction.awsName()).append(' ');
        if (mirrored()) {
            SessionVerdict v = decision.mirroredBy();
            SessionPlan p = v.session();
            s.append("mirrored session ").append(p.sessionNumber()).append(' ').append(p.sessionId());
            if (v.rule() != null) s.append(" rule ").append(v.rule().ruleNumber()).append(' ').append(v.rule().id());
            else s.append(" amazon-dns");
            s.append(" vni ").append(p.vni()).append(" length ").append(keptLength(ipVersion)).append('/').append(frameLength);
        } else {
            s.append("not-mirrored ").append(reason());
            if (decision != null && decision.result() == InterfacePlan.NEVER_MIRRORED) s.append(' ').append(word(decision.packetClass().name()));
            if (decision != null) {
                for (SessionVerdict v : decision.sessions()) {
                    s.append("; session ").append(v.session().sessionNumber()).append(' ').append(v.session().sessionId()).append(' ').append(word(v.outcome().name()));
                    if (v.rule() != null) s.append(" rule ").append(v.rule().ruleNumber()).append(' ').append(v.rule().id());
                }
            }
        }
        return s.append(" | ").append(summary).toString();
    }

    /** The JSON form's fields, in order (serialised by the CLI, one object per line). */
    public Map<String, Object> json(int ipVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packet", number);
        m.put("direction", direction == null ? null : direction.awsName());
        m.put("mirrored", mirrored());
        m.put("reason", reason());
        if (decision != null) m.put("packetClass", word(decision.packetClass().name()));
        if (mirrored()) {
            SessionPlan p = decision.mirroredBy().session();
            m.put("sessionNumber", p.sessionNumber());
            m.put("sessionId", p.sessionId());
            FilterRule r = decision.mirroredBy().rule();
            m.put("ruleNumber", r == null ? null : r.ruleNumber());
            m.put("ruleId", r == null ? null : r.id());
            m.put("vni", p.vni());
            m.put("targetId", p.targetId());
            m.put("length", keptLength(ipVersion));
        }
        m.put("frameLength", frameLength);
        List<Map<String, Object>> sessions = new ArrayList<>();
        if (decision != null) {
            for (SessionVerdict v : decision.sessions()) {
                Map<String, Object> sv = new LinkedHashMap<>();
                sv.put("sessionNumber", v.session().sessionNumber());
                sv.put("sessionId", v.session().sessionId());
                sv.put("outcome", word(v.outcome().name()));
                if (v.rule() != null) {
                    sv.put("ruleNumber", v.rule().ruleNumber());
                    sv.put("ruleId", v.rule().id());
                    sv.put("action", v.rule().action().awsName());
                }
                sessions.add(sv);
            }
        }
        m.put("sessions", sessions);
        m.put("summary", summary);
        return m;
    }

    private static String word(String enumName) { return enumName.toLowerCase(Locale.ROOT).replace('_', '-'); }
}
