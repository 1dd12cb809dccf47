package net.trafficmirror.packet.filter;

/**
 * A compiled capture-filter expression in tcpdump's pcap-filter(7) language, evaluated on raw frames without
 * allocating. Compile once with {@link #compile}, then call {@link #matches} per packet. Not thread-safe (it keeps
 * one frame view); compile one per thread.
 *
 * <p>Matches what libpcap 1.10 (Debian 12's, under tcpdump 4.99.3) selects for the supported primitives: see
 * {@link FilterParser} for the language and {@link FilterFrame} for how headers are located. One addition:
 * {@code vxlan [vni]}, defined like libpcap's {@code geneve [vni]}: UDP to port 4789, and every later primitive
 * looks at the encapsulated Ethernet frame.
 */
public final class CaptureFilter {
    /** A boolean node of the compiled expression. */
    interface Test {
        boolean test(FilterFrame f);
    }

    /** An arithmetic node: an unsigned 32-bit value, or -1 when a header it loads from is absent. */
    interface Value {
        long eval(FilterFrame f);
    }

    private static final CaptureFilter ALL = new CaptureFilter("", null);

    private final String expression;
    private final Test root;
    private final FilterFrame frame = new FilterFrame();

    private CaptureFilter(String expression, Test root) {
        this.expression = expression;
        this.root = root;
    }

    /**
     * Compiles an expression; an empty or blank one matches every packet.
     *
     * @throws FilterSyntaxException naming the column and token of the first error
     */
    public static CaptureFilter compile(String expression) {
        if (expression == null || expression.isBlank()) return new CaptureFilter("", null);
        return new CaptureFilter(expression, new FilterParser(expression).parse());
    }

    /** A filter that matches everything. Shared: {@link #matches} keeps no state when there is no expression. */
    public static CaptureFilter all() {
        return ALL;
    }

    /** True when the frame passes the filter. */
    public boolean matches(byte[] b, int off, int caplen, int wirelen, int linkType) {
        if (root == null) return true;
        frame.wrap(b, off, caplen, wirelen, linkType);
        try {
            return root.test(frame);
        } catch (RuntimeException e) {
            if (e == FilterFrame.REJECT) return false;
            throw e;
        }
    }

    /** True when this filter selects every packet. */
    public boolean matchesAll() {
        return root == null;
    }

    @Override
    public String toString() {
        return expression;
    }
}
