package net.trafficmirror.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "read", mixinStandardHelpOptions = true, description = "Read a pcap or pcapng file and print it exactly as tcpdump 4.99.3 does.")
public final class ReadCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UserError("'read' is not built yet");
    }
}
