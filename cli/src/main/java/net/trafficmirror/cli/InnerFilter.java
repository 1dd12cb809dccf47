package net.trafficmirror.cli;

import net.trafficmirror.collector.FrameFilter;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.filter.CaptureFilter;
import net.trafficmirror.packet.filter.FilterSyntaxException;

/** Compiles the collector's filter expression (tcpdump syntax) for the inner, decapsulated Ethernet frames. */
final class InnerFilter {
    private InnerFilter() {}

    /** Null for an empty expression (everything passes); a bad one is a one-line user error. */
    static FrameFilter compile(String expression) {
        if (expression.isBlank()) return null;
        CaptureFilter f;
        try {
            f = CaptureFilter.compile(expression);
        } catch (FilterSyntaxException e) {
            throw new UserError("filter: " + e.getMessage());
        }
        return (frame, off, caplen, wirelen) -> f.matches(frame, off, caplen, wirelen, LinkType.ETHERNET);
    }
}
