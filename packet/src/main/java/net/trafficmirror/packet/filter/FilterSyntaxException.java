package net.trafficmirror.packet.filter;

/**
 * A capture-filter expression that does not compile: one line naming the column (1-based) and the token where it
 * went wrong, e.g. {@code syntax error at column 12 near 'prot': expected a host, net, port or expression}.
 */
public final class FilterSyntaxException extends IllegalArgumentException {
    private final int column;

    FilterSyntaxException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** 1-based column of the offending token in the expression. */
    public int column() {
        return column;
    }
}
