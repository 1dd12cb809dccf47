package net.trafficmirror.mirror.eval;

import net.trafficmirror.mirror.FilterRule;

/**
 * One direction's filter rules of one address family and protocol class for every session of an interface, flattened into longs.
 * Rule {@code i} starts at {@code words[i * stride]}:
 * <pre>
 * IPv4 (stride 4):  meta | src addr&lt;&lt;32 | dst addr | src mask&lt;&lt;32 | dst mask | ports
 * IPv6 (stride 10): meta | src hi | src lo | src mask hi | src mask lo | dst hi | dst lo | dst mask hi | dst mask lo | ports
 * meta:  bits 0-8 protocol (256 = any) | 9 HAS_SOURCE_PORTS | 10 HAS_DESTINATION_PORTS | 11 ACCEPT | 12-63 session index
 * ports: source from&lt;&lt;48 | source to&lt;&lt;32 | destination from&lt;&lt;16 | destination to
 * </pre>
 * Session {@code s}'s rules are {@code [ends[s-1], ends[s])} (0 for s = 0), in ascending rule number.
 */
record RuleTable(long[] words, int[] ends, FilterRule[] rules) {
    static final int V4_STRIDE = 4, V6_STRIDE = 10;
    static final long ANY_PROTOCOL = 256, PROTOCOL_MASK = 0x1ff;
    static final long HAS_SOURCE_PORTS = 1 << 9, HAS_DESTINATION_PORTS = 1 << 10, ACCEPT = 1 << 11;
    static final int SESSION_SHIFT = 12;

    int start(int session) { return session == 0 ? 0 : ends[session - 1]; }
}
