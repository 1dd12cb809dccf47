package net.trafficmirror.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.trafficmirror.lab.Lab;
import net.trafficmirror.lab.LabException;
import net.trafficmirror.mirror.cfn.TemplateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tmirror lab}: a CloudFormation template as network namespaces on this host (issue 7); see {@link Lab}.
 * The subcommands mirror the seed's steps: up (create-stack), outputs, exec (Session Manager), tcpdump, down.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Bring a CloudFormation template up as network namespaces (needs root on Linux).",
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class, LabCommand.Outputs.class,
                LabCommand.Exec.class, LabCommand.Tcpdump.class})
public final class LabCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: up, down, status, outputs, exec or tcpdump");
    }

    static class Named {
        @Option(names = "--name", defaultValue = "lab", description = "Lab name, 1-10 lower-case letters or digits (default: ${DEFAULT-VALUE}).")
        String name;
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Create a lab from a CloudFormation template.")
    static final class Up extends Named implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TEMPLATE", description = "CloudFormation template, YAML or JSON.")
        Path template;
        @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Template parameter value (repeatable).")
        List<String> params = new ArrayList<>();
        @Option(names = "--region", description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the template's zones, us-east-1).")
        String region;
        @Option(names = "--strict", description = "Fail on resource types the lab does not model instead of warning.")
        boolean strict;
        @Option(names = "--run-user-data", description = "Run each instance's UserData inside it (not run by default).")
        boolean runUserData;

        @Override public Integer call() {
            Map<String, String> values = new LinkedHashMap<>();
            for (String p : params) {
                int eq = p.indexOf('=');
                if (eq <= 0) throw new UserError("--param " + p + ": expected KEY=VALUE", 2);
                values.put(p.substring(0, eq), p.substring(eq + 1));
            }
            // A signal interrupts the build, which then removes what it made, as after any failure.
            StopSignals signals = interruptOnSignal("lab up");
            try {
                new Lab(System.out).up(new Lab.UpOptions(template, values, region, name, strict, runUserData, selfCommand()));
            } catch (LabException | TemplateException e) {
                if (signals.stopRequested()) return afterStop(signals, name, 1); // the lab asked for is not there
                throw new UserError(e.getMessage());
            } finally {
                signals.close();
            }
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Remove a lab and everything it made.")
    static final class Down extends Named implements Callable<Integer> {
        @Override public Integer call() {
            try {
                new Lab(System.out).down(name);
            } catch (LabException e) {
                throw new UserError(e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a lab's instances, processes and warnings.")
    static final class Status extends Named implements Callable<Integer> {
        @Override public Integer call() {
            try {
                new Lab(System.out).status(name);
            } catch (LabException e) {
                throw new UserError(e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "outputs", mixinStandardHelpOptions = true, description = "Print the stack outputs: KEY, VALUE, DESCRIPTION (tab-separated).")
    static final class Outputs extends Named implements Callable<Integer> {
        @Override public Integer call() {
            try {
                new Lab(System.out).outputs(name);
            } catch (LabException e) {
                throw new UserError(e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "exec", mixinStandardHelpOptions = true,
            description = "Run a command in an instance, named by Name tag or logical id: the lab's Session Manager.")
    static final class Exec extends Named implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "INSTANCE") String instance;
        @Parameters(index = "1..*", paramLabel = "CMD", description = "Command and arguments (after --); default: a shell.")
        List<String> command = new ArrayList<>();

        @Override public Integer call() {
            try {
                return run(new Lab(System.out).execCommand(name, instance, command));
            } catch (LabException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    @Command(name = "tcpdump", mixinStandardHelpOptions = true,
            description = "Run tcpdump in an instance, on its eth0 unless ARGS name an interface.")
    static final class Tcpdump extends Named implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "INSTANCE") String instance;
        @Parameters(index = "1..*", paramLabel = "ARGS", description = "tcpdump arguments (after --).")
        List<String> args = new ArrayList<>();

        @Override public Integer call() {
            List<String> command = new ArrayList<>(List.of("tcpdump"));
            if (args.stream().noneMatch(a -> a.equals("-i") || a.startsWith("--interface"))) command.addAll(List.of("-i", "eth0"));
            command.addAll(args);
            try {
                return run(new Lab(System.out).execCommand(name, instance, command));
            } catch (LabException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    /** The command that runs another tmirror subcommand with this JVM's java and class path (the agents and collectors a lab starts). */
    static List<String> selfCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"), Tmirror.class.getName());
    }

    /**
     * Runs a command attached to this terminal and returns its exit code. SIGTERM to us goes on to the command (a
     * tcpdump must not outlive us inside the lab), Ctrl-C is the command's own, and its exit code is still ours.
     */
    private static int run(List<String> argv) {
        Process p;
        try {
            p = new ProcessBuilder(argv).inheritIO().start();
        } catch (IOException e) {
            throw new UserError("cannot run " + argv.getFirst() + ": " + e.getMessage());
        }
        try (StopSignals _ = StopSignals.passOn("lab", p)) {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** SIGTERM or SIGINT interrupts this thread: the lab's commands give up, and what was made is removed. */
    static StopSignals interruptOnSignal(String command) {
        Thread worker = Thread.currentThread();
        return StopSignals.install(command, worker::interrupt);
    }

    /**
     * After a stop by signal: {@code exitWhenClean} when the teardown is complete, i.e. lab {@code name} (null: none
     * was made) is gone (0 for the demo, whose end it is; 1 for {@code lab up}, whose lab was never finished); else
     * one line naming what is left, exit 1. Removing is the interrupted work's own job; we only check.
     */
    static int afterStop(StopSignals signals, String name, int exitWhenClean) {
        Thread.interrupted(); // the signal's interrupt has done its work
        if (name != null) {
            boolean left;
            try {
                new Lab(new PrintStream(OutputStream.nullOutputStream())).state(name);
                left = true;
            } catch (LabException gone) {
                left = false;
            }
            if (left) throw new UserError("stopped by " + signals.signalName() + ", but lab " + name + " is still there: tmirror lab down --name " + name);
        }
        System.err.println("tmirror: stopped by " + signals.signalName() + "; " + (name != null ? "lab " + name + " removed" : "everything it started has ended"));
        return exitWhenClean;
    }
}
