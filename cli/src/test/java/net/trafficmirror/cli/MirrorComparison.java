package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What arrived at the mirror target against what the reference tcpdump on the source saw and the filters accept
 * (both as multisets of frame keys), told apart by the counters, so that a run is conclusive on a starved machine.
 * The agent runs at nice 10, production first: when the box is short of CPU its ring overflows (kernel drops,
 * PACKET_STATISTICS) or it sheds what it cannot send (skipped), and the reference tcpdump on the target may drop
 * too. So:
 * <ul>
 * <li>duplicates and unexpected frames are never load: they fail at once;
 * <li>missing frames that the agent's kernel drops and skipped packets and the target tcpdump's drops account for
 * are load: {@link #retryOnceWhenStarved} says so in the log and runs the scenario once more on fresh namespaces;
 * <li>missing frames beyond those counters (the agent claims it mirrored them) are a bug: they fail at once.
 * </ul>
 * Kernel drops bound rather than equal the missing frames: the ring drops frames of every kind, also ones the
 * filters reject. Every failure shows the frames and the counters.
 */
record MirrorComparison(long missingFrames, List<String> missing, String counters) {
    static MirrorComparison of(Map<String, Integer> expected, Map<String, Integer> arrived, AgentReport report,
            long sourceDrops, long targetDrops) {
        String counters = report.lines() + "\ntcpdump dropped " + sourceDrops + " on the source, " + targetDrops + " on the target";
        List<String> missing = new ArrayList<>(), extra = new ArrayList<>();
        long missingFrames = 0;
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            int got = arrived.getOrDefault(e.getKey(), 0);
            if (got < e.getValue()) {
                missing.add(shown(e.getKey()) + " x" + e.getValue() + ", arrived " + got);
                missingFrames += e.getValue() - got;
            }
        }
        arrived.forEach((k, v) -> {
            if (v > expected.getOrDefault(k, 0)) extra.add(shown(k) + " x" + v + ", expected " + expected.getOrDefault(k, 0));
        });
        Collections.sort(missing);
        Collections.sort(extra);
        assertThat(extra).as("arrived more often than the source sent or received them (duplicates or unexpected frames); counters:%n%s",
                counters).isEmpty();
        assertThat(missingFrames).as("frames missing at the target that no counter accounts for (the agent claims it mirrored them): %s;"
                + " counters:%n%s", missing, counters).isLessThanOrEqualTo(report.kernelDrops() + report.skipped() + targetDrops);
        return new MirrorComparison(missingFrames, missing, counters);
    }

    boolean exact() { return missing.isEmpty(); }

    /**
     * Runs {@code scenario}; when it comes back with missing frames the counters account for, says so and runs it
     * once more on fresh namespaces, which must then be exact.
     */
    static void retryOnceWhenStarved(String test, Callable<MirrorComparison> scenario) throws Exception {
        MirrorComparison first = scenario.call();
        if (first.exact()) return;
        System.err.println(test + ": " + first.missingFrames + " frame(s) missing, all accounted for by drops on a starved machine "
                + "(production first), not a bug; one more run on fresh namespaces. Counters:\n" + first.counters + "\nmissing: " + first.missing);
        MirrorComparison second = scenario.call();
        assertThat(second.missing).as("missing again on the second run, again accounted for by drops; counters:%n%s", second.counters).isEmpty();
    }

    /** A frame's key (VNI or flow, then hex) as a line of a failure message. */
    private static String shown(String key) {
        return key.substring(0, Math.min(140, key.length())) + " len " + key.length();
    }
}
