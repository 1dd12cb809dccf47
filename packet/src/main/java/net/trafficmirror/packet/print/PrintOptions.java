package net.trafficmirror.packet.print;

import java.time.ZoneId;

/**
 * The tcpdump command-line flags that change how a packet is printed. The defaults are tcpdump 4.99.3 with no flags.
 * Mutable on purpose: the read command fills it from its arguments once, before the first packet.
 */
public final class PrintOptions {
    /** How addresses and ports are shown (tcpdump's {@code -n}, and the Red Hat variant of it). */
    public enum Names {
        /** No -n: port names from the bundled services table, hosts numeric (no reverse DNS). */
        NONE,
        /** -n or -nn: everything numeric (upstream and Debian print both the same). */
        NUMERIC,
        /** --port-names: numeric hosts with named ports, as Red Hat-family builds print -n. */
        PORT_NAMES
    }

    public Names names = Names.NONE;
    /** -e: print the link-level header. */
    public boolean linkHeader;
    /** 0 default, 1 -t, 2 -tt, 3 -ttt, 4 -tttt, 5 -ttttt. */
    public int timestampMode;
    /** --nano: nine fraction digits instead of six. */
    public boolean nano;
    /** -S: absolute TCP sequence numbers. */
    public boolean absoluteSeq;
    /** -q: quick (less protocol information). */
    public boolean quiet;
    /** Number of -v flags, 0..3. */
    public int verbose;
    /** 0 none, 1 -x, 2 -xx, 3 -X, 4 -XX. */
    public int hex;
    /** -#: packet numbers. */
    public boolean packetNumbers;
    /** Local time zone for the timestamps; tcpdump honours TZ through localtime(). */
    public ZoneId zone = ZoneId.systemDefault();

    /** True when ports print as service names (no -n, or --port-names). */
    public boolean portNames() {
        return names != Names.NUMERIC;
    }
}
