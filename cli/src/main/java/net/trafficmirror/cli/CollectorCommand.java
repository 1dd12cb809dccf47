package net.trafficmirror.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "collector", mixinStandardHelpOptions = true, description = "Receive mirror traffic, decapsulate it, and show, record and count it per session.")
public final class CollectorCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UserError("'collector' is not built yet");
    }
}
