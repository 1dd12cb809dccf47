package net.trafficmirror.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "lab", mixinStandardHelpOptions = true, description = "Bring a CloudFormation template up as network namespaces.")
public final class LabCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UserError("'lab' is not built yet");
    }
}
