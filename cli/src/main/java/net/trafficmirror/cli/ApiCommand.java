package net.trafficmirror.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "api", mixinStandardHelpOptions = true, description = "Run the EC2-compatible Traffic Mirroring API.")
public final class ApiCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UserError("'api' is not built yet");
    }
}
