package net.trafficmirror.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the whole seed scenario in one command.")
public final class DemoCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UserError("'demo' is not built yet");
    }
}
