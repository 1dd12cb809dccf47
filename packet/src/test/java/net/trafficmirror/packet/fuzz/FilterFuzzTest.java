package net.trafficmirror.packet.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.filter.CaptureFilter;
import net.trafficmirror.packet.filter.FilterSyntaxException;

/**
 * Fuzzing (Jazzer) of the filter compiler and evaluator: any text either compiles or is a
 * {@link FilterSyntaxException}; a compiled filter evaluates any frame without throwing. The text is built from
 * the language's own words half of the time, so the fuzzer gets past the scanner quickly.
 */
class FilterFuzzTest {
    private static final String[] WORDS = {"host", "net", "port", "portrange", "src", "dst", "or", "and", "not", "!",
            "(", ")", "tcp", "udp", "ip", "ip6", "arp", "icmp", "icmp6", "vlan", "geneve", "vxlan", "ether", "proto",
            "less", "greater", "len", "[", "]", ":", "=", "!=", "<", ">", "&", "|", "+", "-", "*", "/", "<<", ">>",
            "tcpflags", "tcp-syn", "10.0.0.1", "10.0.0.0/8", "fe80::1", "2001:db8::/32", "02:00:00:00:00:01",
            "80", "53", "1-1024", "0x12", "4789", "mask", "255.255.0.0", "broadcast", "multicast", "\\tcp", "http",
            "inbound", "outbound"};
    private static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL, LinkType.LINUX_SLL2,
            LinkType.NULL, LinkType.IPV4, LinkType.IPV6, 12345};

    @FuzzTest(maxDuration = "20s")
    void compileAndEvaluate(FuzzedDataProvider data) {
        String expression;
        if (data.consumeBoolean()) {
            StringBuilder b = new StringBuilder();
            int n = data.consumeInt(0, 16);
            for (int i = 0; i < n; i++) b.append(data.pickValue(WORDS)).append(data.consumeBoolean() ? " " : "");
            expression = b.toString();
        } else {
            expression = data.consumeString(200);
        }
        CaptureFilter filter;
        try {
            filter = CaptureFilter.compile(expression);
        } catch (FilterSyntaxException expected) {
            return;
        }
        int linkType = data.pickValue(LINK_TYPES);
        byte[] frame = data.consumeRemainingAsBytes();
        int caplen = frame.length == 0 ? 0 : Math.min(frame.length, 1 + (frame[0] & 0xff) * 4);
        filter.matches(frame, 0, caplen, frame.length, linkType);
    }
}
