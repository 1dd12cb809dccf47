package net.trafficmirror.cli;

import net.trafficmirror.packet.print.PrintOptions;
import picocli.CommandLine.Option;

/**
 * tcpdump's printing flags as a picocli mixin, so every command that prints packets reads them the same way
 * (tcpdump(1): -n, -e, -t…-ttttt, --nano, -S, -q, -v…-vvv, -x/-xx/-X/-XX, -#). Repeated letters cluster like
 * tcpdump's ({@code -nn}, {@code -tttt}, {@code -vv}).
 */
public final class PrinterFlags {
    @Option(names = "-n", description = "Do not convert addresses or ports to names (-nn: the same).")
    boolean[] numeric = new boolean[0];

    @Option(names = "--port-names", description = "Numeric hosts but named ports, as Red Hat's and Amazon Linux's tcpdump -n prints them.")
    boolean portNames;

    @Option(names = "-e", description = "Print the link-level header.")
    boolean linkHeader;

    @Option(names = "-t", description = "-t: no timestamp; -tt: epoch seconds; -ttt: delta to previous; -tttt: date and time; -ttttt: delta to first.")
    boolean[] timestamps = new boolean[0];

    @Option(names = "--nano", description = "Timestamps with nanoseconds.")
    boolean nano;

    @Option(names = "--micro", description = "Timestamps with microseconds (the default).")
    boolean micro;

    @Option(names = {"-S", "--absolute-tcp-sequence-numbers"}, description = "Absolute TCP sequence numbers.")
    boolean absoluteSeq;

    @Option(names = "-q", description = "Quick (quiet) output.")
    boolean quiet;

    @Option(names = "-v", description = "Verbose output; -vv, -vvv: more.")
    boolean[] verbose = new boolean[0];

    @Option(names = "-x", description = "Hex dump of each packet after its link header; -xx: with it.")
    boolean[] hex = new boolean[0];

    @Option(names = "-X", description = "Hex and ASCII dump after the link header; -XX: with it.")
    boolean[] hexAscii = new boolean[0];

    @Option(names = {"-#", "--number"}, description = "Number the packets.")
    boolean packetNumbers;

    /** The printer options these flags ask for. */
    public PrintOptions toOptions() {
        PrintOptions o = new PrintOptions();
        o.names = portNames ? PrintOptions.Names.PORT_NAMES : numeric.length > 0 ? PrintOptions.Names.NUMERIC : PrintOptions.Names.NONE;
        o.linkHeader = linkHeader;
        o.timestampMode = Math.min(timestamps.length, 5);
        o.nano = nano && !micro;
        o.absoluteSeq = absoluteSeq;
        o.quiet = quiet;
        o.verbose = Math.min(verbose.length, 3);
        // tcpdump: -X takes precedence over -x; doubling either includes the link header
        o.hex = hexAscii.length > 0 ? (hexAscii.length > 1 || hex.length > 1 ? 4 : 3) : hex.length > 1 ? 2 : hex.length;
        o.packetNumbers = packetNumbers;
        return o;
    }
}
