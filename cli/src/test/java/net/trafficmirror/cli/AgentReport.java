package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counters {@code tmirror agent} prints when it stops (agent CounterReport): per direction, seen = mirrored +
 * skipped + not mirrored and the packets cut to the path MTU; the frames the kernel dropped before the agent saw
 * them (PACKET_STATISTICS). Parsing asserts that each direction adds up.
 */
record AgentReport(Counts ingress, Counts egress, long kernelDrops, String text) {
    record Counts(long seen, long mirrored, long skipped, long notMirrored, long cutToMtu) {}

    private static final Pattern DIRECTION = Pattern.compile(
            " (ingress|egress): seen (\\d+) = mirrored (\\d+) \\+ skipped (\\d+) \\+ not mirrored (\\d+)\\b.*, to path MTU (\\d+)");
    private static final Pattern KERNEL_DROPS = Pattern.compile(": kernel drops (\\d+)");

    static AgentReport parse(String text) {
        Counts[] d = new Counts[2];
        Matcher m = DIRECTION.matcher(text);
        while (m.find()) {
            Counts x = new Counts(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)), Long.parseLong(m.group(6)));
            assertThat(x.seen()).as("%s: seen = mirrored + skipped + not mirrored", m.group()).isEqualTo(x.mirrored() + x.skipped() + x.notMirrored());
            d[m.group(1).equals("ingress") ? 0 : 1] = x;
        }
        Matcher k = KERNEL_DROPS.matcher(text);
        assertThat(d[0] != null && d[1] != null && k.find()).as("the agent's counter report in:%n%s", text).isTrue();
        return new AgentReport(d[0], d[1], Long.parseLong(k.group(1)), text);
    }

    long seen() { return ingress.seen + egress.seen; }

    long mirrored() { return ingress.mirrored + egress.mirrored; }

    long skipped() { return ingress.skipped + egress.skipped; }

    long cutToMtu() { return ingress.cutToMtu + egress.cutToMtu; }

    /** The report's own lines (from the first counter line on), for a failure message. */
    String lines() {
        Matcher m = DIRECTION.matcher(text);
        m.find();
        return text.substring(text.lastIndexOf('\n', m.start()) + 1).strip();
    }
}
