package net.trafficmirror.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * How the long-running commands (agent, collector, api, demo, lab up, lab exec/tcpdump) end on SIGTERM or SIGINT,
 * as issue 4 asks ("on SIGINT or SIGTERM shuts down cleanly with final counters"): the first signal asks the
 * command to stop; its own thread then ends its loop, sends or flushes what is queued, prints its final counters,
 * closes its sockets and files, and returns its exit code the ordinary way: 0, or 1 when the stop itself failed. A second signal
 * during a slow stop ends the process at once with 128 + the signal's number, the status a shell gives a command
 * killed by that signal.
 *
 * <p>Why handlers ({@code sun.misc.Signal}, module jdk.unsupported) and not a shutdown hook: the JVM's own
 * handler starts the shutdown sequence, whose exit status is 128 + the signal (143 for SIGTERM) whatever the hooks
 * do, unless a hook halts the runtime and so cuts the other hooks short; and once that sequence runs, a further
 * signal only blocks in {@code Shutdown.exit}, so a second Ctrl-C could not end a slow stop. With these handlers a
 * signal never starts the shutdown sequence: the command stops on its own thread, and the JVM exits through
 * {@link Tmirror#main}'s {@code System.exit} with every hook run as usual. Where the JVM keeps the signals for
 * itself ({@code -Xrs}), the command keeps the JVM's default behaviour; a signal ignored when the JVM started
 * (nohup, or SIGINT for a job a script puts in the background) stays ignored, as the JVM leaves it.
 */
final class StopSignals implements AutoCloseable {
    private final String command;
    private final Runnable stop;
    private final PrintStream err = System.err;
    private final AtomicInteger received = new AtomicInteger();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile String first;

    private StopSignals(String command, Runnable stop) {
        this.command = command;
        this.stop = stop;
    }

    /**
     * Routes SIGTERM and SIGINT to {@code stop} until {@link #close()}. {@code stop} runs on the JVM's signal
     * thread: it only asks (sets a flag, wakes a selector, counts a latch down) and may wait, but must not do the
     * stopping itself.
     *
     * @param command the subcommand, for the line printed when a signal arrives ("tmirror agent: ...")
     */
    static StopSignals install(String command, Runnable stop) {
        StopSignals s = new StopSignals(command, stop);
        s.route("TERM", s::received);
        s.route("INT", s::received);
        return s;
    }

    /**
     * For a command that runs attached to the terminal ({@code lab exec}, {@code lab tcpdump}): SIGTERM is passed on
     * to it; SIGINT is left to it, as the terminal's Ctrl-C reaches it too (one process group), and an interactive
     * shell inside must be able to take Ctrl-C without ending us.
     */
    static StopSignals passOn(String command, Process child) {
        StopSignals s = new StopSignals(command, () -> child.toHandle().destroy());
        s.route("TERM", s::received);
        s.route("INT", SignalHandler.SIG_IGN);
        return s;
    }

    private void route(String name, SignalHandler handler) {
        Signal signal = new Signal(name);
        try {
            previous.put(signal, Signal.handle(signal, handler));
        } catch (IllegalArgumentException reservedByTheJvm) {
            // -Xrs or an embedding that owns the signal: the JVM's default applies
        }
    }

    /** Whether a signal asked the command to stop. */
    boolean stopRequested() { return first != null; }

    /** The first signal's name (SIGTERM, SIGINT), or null. */
    String signalName() { return first; }

    private void received(Signal signal) {
        if (received.getAndIncrement() == 0) {
            first = "SIG" + signal.getName();
            err.println("tmirror " + command + ": " + first + ", stopping (a second signal ends it at once)");
            stop.run();
            return;
        }
        err.println("tmirror " + command + ": SIG" + signal.getName() + " again, exiting without finishing the stop");
        err.flush();
        Runtime.getRuntime().halt(128 + signal.getNumber());
    }

    /** Gives the signals back to whoever had them (the JVM's default, or an outer command's handlers). */
    @Override public void close() {
        previous.forEach(Signal::handle);
    }
}
