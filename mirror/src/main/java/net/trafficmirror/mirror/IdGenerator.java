package net.trafficmirror.mirror;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/** Makes AWS-style resource ids: a prefix ({@code tmt-}, {@code tmf-}, {@code tmfr-}, {@code tms-}, {@code eni-}) and 17 lowercase hex digits. */
@FunctionalInterface
public interface IdGenerator {
    String next(String prefix);

    /** Random ids, as AWS issues them. */
    static IdGenerator random(RandomGenerator random) {
        return prefix -> {
            long hi = random.nextInt(16);
            return prefix + Long.toHexString(hi) + HexFormat.of().toHexDigits(random.nextLong());
        };
    }

    /** Ids 00000000000000001, 00000000000000002, … per prefix, for tests and reproducible configurations. */
    static IdGenerator sequential() {
        Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
        return prefix -> prefix + "0" + HexFormat.of().toHexDigits(counters.computeIfAbsent(prefix, p -> new AtomicLong()).incrementAndGet());
    }
}
