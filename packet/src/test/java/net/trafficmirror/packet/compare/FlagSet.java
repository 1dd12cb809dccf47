package net.trafficmirror.packet.compare;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.trafficmirror.packet.print.PrintOptions;

/**
 * One tcpdump command line of the comparison, with the {@link PrintOptions} our printer takes for it.
 *
 * <p>{@code name} is the flag text as a user types it to {@code tmirror read}; it keys KNOWN-DIFFS. Without
 * {@code -n} tcpdump would ask DNS for every address, so those runs happen in an empty network namespace
 * ({@link TcpdumpOracle}), where reverse lookups fail and hosts stay numeric, as our printer's NONE mode prints
 * them. {@code --port-names} (the Red Hat {@code -n}) has no upstream flag: its oracle is that same namespaced run
 * without {@code -n} (testdata/README.md).
 */
record FlagSet(String name, List<String> tcpdumpArgs, boolean namespaced, PrintOptions options) {

    /** Parses a flag text such as {@code "-nn -e -v"}; every flag tcpdump and {@code tmirror read} share. */
    static FlagSet of(String name) {
        PrintOptions o = new PrintOptions();
        o.zone = ZoneOffset.UTC; // tcpdump runs with TZ=GMT0
        List<String> args = new ArrayList<>();
        boolean numeric = false;
        boolean portNames = false;
        for (String flag : name.split(" ")) {
            switch (flag) {
                case "-n", "-nn" -> numeric = true;
                case "--port-names" -> portNames = true;
                case "-e" -> o.linkHeader = true;
                case "-t", "-tt", "-ttt", "-tttt", "-ttttt" -> o.timestampMode = flag.length() - 1;
                case "--nano" -> o.nano = true;
                case "-S" -> o.absoluteSeq = true;
                case "-q" -> o.quiet = true;
                case "-v", "-vv", "-vvv" -> o.verbose = flag.length() - 1;
                case "-x" -> o.hex = 1;
                case "-xx" -> o.hex = 2;
                case "-X" -> o.hex = 3;
                case "-XX" -> o.hex = 4;
                case "-#" -> o.packetNumbers = true;
                case "" -> { }
                default -> throw new IllegalArgumentException("flag not compared: " + flag);
            }
            if (!flag.isEmpty() && !flag.equals("--port-names")) args.add(flag);
        }
        o.names = numeric ? PrintOptions.Names.NUMERIC : portNames ? PrintOptions.Names.PORT_NAMES : PrintOptions.Names.NONE;
        return new FlagSet(name.isEmpty() ? "(none)" : name, List.copyOf(args), !numeric, o);
    }

    /** The flag sets of issue 2's check: each flag alone (with -n unless it is about names), and combinations. */
    static List<FlagSet> all() {
        List<FlagSet> sets = new ArrayList<>();
        for (String s : List.of("-n", "-nn", "", "--port-names", "-e", "-v", "-n -e", "-n -t", "-n -tt", "-n -ttt",
                "-n -tttt", "-n -ttttt", "-n --nano", "-n -S", "-n -q", "-n -v", "-n -vv", "-n -vvv", "-n -x", "-n -xx",
                "-n -X", "-n -XX", "-n -#", "-nn -e -v", "-n -vv -X", "-e -q -tttt --nano", "-n -# -e -xx -S -ttttt")) {
            sets.add(of(s));
        }
        return sets;
    }
}
