package net.trafficmirror.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "agent", mixinStandardHelpOptions = true, description = "Capture an interface and mirror what the sessions accept, as VXLAN, to their targets.")
public final class AgentCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UserError("'agent' is not built yet");
    }
}
