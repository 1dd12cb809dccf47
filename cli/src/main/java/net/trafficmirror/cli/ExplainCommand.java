package net.trafficmirror.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "explain", mixinStandardHelpOptions = true, description = "Explain, packet by packet, which mirror session and rule mirror a capture.")
public final class ExplainCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UserError("'explain' is not built yet");
    }
}
