package net.trafficmirror.cli;

/** Sizes ({@code 64M}, {@code 1G}, {@code 500k}, bytes) and durations ({@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, seconds) in options. */
final class Quantity {
    private Quantity() {}

    /** Binary multiples, as tcpdump's -C and most tools read them: k = 1024. */
    static long bytes(String text, String option) {
        return parse(text, option, "a size like 100M", "kmgt", new long[] {1L << 10, 1L << 20, 1L << 30, 1L << 40});
    }

    static long seconds(String text, String option) {
        return parse(text, option, "a duration like 30s, 5m, 1h or 7d", "smhd", new long[] {1, 60, 3600, 86400});
    }

    private static long parse(String text, String option, String expected, String units, long[] factors) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        long factor = 1;
        int unit = t.isEmpty() ? -1 : units.indexOf(t.charAt(t.length() - 1));
        if (unit >= 0) {
            factor = factors[unit];
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v > 0 && v <= Long.MAX_VALUE / factor) return v * factor;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UserError(option + ": '" + text + "' is not " + expected);
    }
}
