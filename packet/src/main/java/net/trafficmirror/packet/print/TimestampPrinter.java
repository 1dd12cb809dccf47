package net.trafficmirror.packet.print;

import java.time.Instant;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * The packet timestamp as tcpdump 4.99.3 prints it ({@code util-print.c:ts_print()}, {@code ts_date_hmsfrac_print()},
 * {@code ts_frac_print()}): local time from localtime(), epoch seconds, or a delta to the previous or first packet.
 *
 * <p>The zone offset is cached for the interval between two transitions of the zone's rules, so java.time is only
 * consulted when a capture crosses a DST change; the calendar date is computed with integer arithmetic.
 */
final class TimestampPrinter {
    private final PrintOptions options;
    private final ZoneRules rules;
    private long offsetValidFrom = Long.MAX_VALUE;
    private long offsetValidUntil = Long.MIN_VALUE;
    private int offsetSeconds;

    private boolean havePrevious;
    private long previousSecond;
    private int previousNanos;
    private boolean haveFirst;
    private long firstSecond;
    private int firstNanos;

    TimestampPrinter(PrintOptions options) {
        this.options = options;
        this.rules = options.zone.getRules();
    }

    void print(long sec, int nanos, TextSink out) {
        if (!options.nano) {
            nanos = nanos / 1000 * 1000;
        }
        switch (options.timestampMode) {
            case 1 -> { }
            case 2 -> {
                out.appendDecimal(sec & 0xffffffffL);
                fraction(nanos, out);
                out.append(' ');
            }
            case 3 -> {
                if (!havePrevious) {
                    previousSecond = sec;
                    previousNanos = nanos;
                    havePrevious = true;
                }
                delta(sec, nanos, previousSecond, previousNanos, out);
                previousSecond = sec;
                previousNanos = nanos;
            }
            case 5 -> {
                if (!haveFirst) {
                    firstSecond = sec;
                    firstNanos = nanos;
                    haveFirst = true;
                }
                delta(sec, nanos, firstSecond, firstNanos, out);
            }
            case 4 -> local(sec, nanos, true, out);
            default -> local(sec, nanos, false, out);
        }
    }

    private void delta(long sec, int nanos, long baseSec, int baseNanos, TextSink out) {
        long d = (sec * 1_000_000_000L + nanos) - (baseSec * 1_000_000_000L + baseNanos);
        if (d < 0) {
            out.append('-');
            d = -d;
        } else {
            out.append(' ');
        }
        long s = d / 1_000_000_000L;
        hms(s % 86400, out);
        fraction((int) (d % 1_000_000_000L), out);
        out.append(' ');
    }

    private void local(long sec, int nanos, boolean withDate, TextSink out) {
        if (sec < 0 || sec > 0x7fffffffL) {
            out.append("[Error converting time]");
            fraction(nanos, out);
            out.append(' ');
            return;
        }
        long local = sec + offset(sec);
        long days = Math.floorDiv(local, 86400);
        long secOfDay = local - days * 86400;
        if (withDate) {
            date(days, out);
            out.append(' ');
        }
        hms(secOfDay, out);
        fraction(nanos, out);
        out.append(' ');
    }

    private int offset(long sec) {
        if (sec < offsetValidFrom || sec >= offsetValidUntil) {
            // Only at the first packet and at DST changes: the allocation here is off the per-packet path.
            Instant at = Instant.ofEpochSecond(sec);
            offsetSeconds = rules.getOffset(at).getTotalSeconds();
            ZoneOffsetTransition next = rules.nextTransition(at);
            ZoneOffsetTransition previous = rules.previousTransition(at.plusSeconds(1));
            offsetValidUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond();
            offsetValidFrom = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
        }
        return offsetSeconds;
    }

    /** Civil date from days since 1970-01-01 as YYYY-MM-DD (proleptic Gregorian, era-based day counting). */
    static void date(long days, TextSink out) {
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        out.appendDecimal(y, 4).append('-').appendDecimal(m, 2).append('-').appendDecimal(d, 2);
    }

    private static void hms(long secOfDay, TextSink out) {
        out.appendDecimal(secOfDay / 3600, 2).append(':')
                .appendDecimal(secOfDay / 60 % 60, 2).append(':')
                .appendDecimal(secOfDay % 60, 2);
    }

    private void fraction(int nanos, TextSink out) {
        out.append('.');
        if (options.nano) {
            out.appendDecimal(nanos, 9);
        } else {
            out.appendDecimal(nanos / 1000, 6);
        }
    }
}
