package net.trafficmirror.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import net.trafficmirror.lab.Demo;
import net.trafficmirror.lab.LabException;
import net.trafficmirror.mirror.cfn.TemplateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tmirror demo}: the seed scenario in one command (issue 7); see {@link Demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole seed scenario in one command: the seed's CloudFormation template as a lab, a mirror",
                "session through the control plane, curl on Client01, and what Client02 sees; then teardown.",
                "Needs root on Linux (uses the lab named 'demo'); otherwise replays a recorded run over loopback."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--replay", description = "Replay the recorded run over loopback even where the live demo could run.")
    boolean replay;

    @Override public Integer call() {
        Demo demo = new Demo(LabCommand.selfCommand(), System.out);
        boolean live = !replay && Demo.canRunLive();
        // A signal interrupts the demo's work, which then tears down what it made, as after any failure.
        StopSignals signals = LabCommand.interruptOnSignal("demo");
        try {
            if (live) demo.live();
            else demo.replay();
        } catch (LabException | TemplateException | IOException | InterruptedException e) {
            if (signals.stopRequested()) return LabCommand.afterStop(signals, live ? Demo.LAB : null, 0);
            if (e instanceof InterruptedException) return 130;
            throw new UserError("demo: " + e.getMessage());
        } finally {
            signals.close();
        }
        return 0;
    }
}
