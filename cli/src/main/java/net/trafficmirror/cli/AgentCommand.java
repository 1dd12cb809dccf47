package net.trafficmirror.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import net.trafficmirror.agent.AgentMetrics;
import net.trafficmirror.agent.ConfigSource;
import net.trafficmirror.agent.CounterReport;
import net.trafficmirror.agent.DatagramSink;
import net.trafficmirror.agent.FrameRingSink;
import net.trafficmirror.agent.FileConfigSource;
import net.trafficmirror.agent.InterfaceCapture;
import net.trafficmirror.agent.InterfaceCounters;
import net.trafficmirror.agent.InterfaceTotals;
import net.trafficmirror.agent.MirrorPipeline;
import net.trafficmirror.agent.RawSocketSink;
import net.trafficmirror.agent.ReplayCapture;
import net.trafficmirror.agent.TunnelSink;
import net.trafficmirror.api.ControlPlaneClient;
import net.trafficmirror.linux.ErrnoException;
import net.trafficmirror.linux.InterfaceFacts;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.config.MirrorConfig;
import net.trafficmirror.mirror.eval.EvalOptions;
import net.trafficmirror.mirror.eval.InterfacePlan;
import net.trafficmirror.mirror.eval.PlanCompiler;
import net.trafficmirror.mirror.eval.SessionPlan;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tmirror agent}: the mirror source. Captures one interface (or replays a capture), evaluates the sessions
 * of the configuration's network interface bound to it, and sends what they accept as VXLAN to their targets.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Capture an interface and mirror what the sessions accept, as VXLAN, to their targets.",
                "The configuration (--config) is a CloudFormation template of AWS::EC2::TrafficMirror* resources; "
                        + "the network interface whose tmirror:interface tag names the captured device is the source.",
                "Needs CAP_NET_RAW for live capture; --replay runs unprivileged."})
public final class AgentCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = "--interface", paramLabel = "IF", description = "Capture this network device (live).")
        String interfaceName;
        @Option(names = "--replay", paramLabel = "FILE", description = "Replay a pcap/pcapng capture instead of capturing.")
        Path replay;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Source source;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Mirror configuration (CloudFormation format); reloaded within a second when it changes.")
    Path config;

    @Option(names = "--api", paramLabel = "URL",
            description = {"Instead of --config, follow the control plane (tmirror api at URL): register the captured interface "
                    + "(eni- id kept across restarts, address, MAC, --host), then apply every change within a second, keeping the "
                    + "last configuration while the API is away. Access key from TMIRROR_ACCESS_KEY_ID and TMIRROR_SECRET_ACCESS_KEY.",
                    "With --replay, name an interface already registered with --eni."})
    URI api;

    @Option(names = "--api-ca", paramLabel = "PEM", description = "Trust this certificate (or CA) for an https --api.")
    Path apiCa;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A template parameter (repeatable).")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--host", paramLabel = "NAME", description = "This host's name in the configuration (tag tmirror:host); default: any host.")
    String host;

    @Option(names = "--eni", paramLabel = "ID", description = "The configuration's source network interface; default: the one bound to --interface.")
    String eni;

    @Option(names = "--replay-speed", paramLabel = "fast|recorded", defaultValue = "fast",
            description = "With --replay: as fast as possible (default) or at the capture's recorded pace.")
    String replaySpeed;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve Prometheus metrics at http://HOST:PORT/metrics.")
    String metrics;

    @Option(names = "--control-plane", paramLabel = "HOST:PORT",
            description = "The control-plane endpoint; the agent never mirrors its connection to it.")
    String controlPlane;

    @Option(names = "--mirror-control-plane", description = "Mirror the control-plane connection like any traffic (off by default: no feedback loop).")
    boolean mirrorControlPlane;

    @Option(names = "--mirror-everything", description = "Also mirror what AWS never mirrors (ARP, DHCP, metadata, NTP).")
    boolean mirrorEverything;

    @Option(names = "--send-buffer", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Kernel send buffer: how much mirrored traffic may wait before it is shed (default ${DEFAULT-VALUE}).")
    int sendBuffer;

    @Option(names = "--nice", paramLabel = "N", defaultValue = "10",
            description = "Nice value of the capturing thread, so the host's own work comes first (default ${DEFAULT-VALUE}; 0 keeps the JVM's).")
    int nice;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Packets sent per system call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--send-path", paramLabel = "ring|socket", defaultValue = "ring",
            description = "Live capture: build whole frames and send them through a PACKET_TX_RING (ring, the default), or send IPv4 packets through a raw socket and the kernel's IP stack (socket).")
    String sendPath;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = {"Capture threads, each with its own ring, pipeline and sending socket (default ${DEFAULT-VALUE}; with --interface only). "
                    + "They share the interface through a PACKET_FANOUT hash group: all packets of a flow, both directions, go to "
                    + "one thread, so each flow is mirrored in order; counters are reported summed."})
    int threads;

    /** Set by {@link #controlSource}: the integrator can plug a control-plane source in place of the file. */
    ConfigSource controlSource;

    private static final int SLOT = 65536, RING_FRAMES = 4096;
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        if (nice < -20 || nice > 19) throw new UserError("--nice must be -20..19, not " + nice, 2);
        if (batch < 1 || batch > 1024) throw new UserError("--batch must be 1..1024, not " + batch, 2);
        if (!sendPath.equals("ring") && !sendPath.equals("socket")) throw new UserError("--send-path must be ring or socket, not " + sendPath, 2);
        int maxThreads = 4 * Runtime.getRuntime().availableProcessors();
        if (threads < 1 || threads > maxThreads)
            throw new UserError("--threads must be 1.." + maxThreads + " (4 per CPU), not " + threads, 2);
        if (threads > 1 && source.interfaceName == null) throw new UserError("--threads " + threads + " needs --interface (a replay runs on one thread)", 2);
        if (!replaySpeed.equals("fast") && !replaySpeed.equals("recorded"))
            throw new UserError("--replay-speed must be fast or recorded, not '" + replaySpeed + "'", 2);
        if ((config == null) == (api == null)) throw new UserError("give the configuration with --config FILE or --api URL (one of them)", 2);
        String device = source.interfaceName;
        MirrorState state;
        String eniId;
        ConfigSource updates;
        if (api != null) {
            ControlPlaneClient client = ApiConnection.client(api, apiCa);
            try {
                eniId = registerWith(client, device);
                state = client.fetch();
            } catch (IOException e) {
                client.close();
                throw new UserError("--api " + api + ": " + e.getMessage());
            }
            if (!state.networkInterfaces().containsKey(eniId)) {
                client.close();
                throw new UserError("--api " + api + ": no network interface " + eniId + " is registered");
            }
            updates = new ConfigSource() {
                @Override public void start(Consumer<MirrorState> onChange, Consumer<String> onError) { client.start(onChange, onError); }
                @Override public void close() { client.close(); }
            };
        } else {
            FileConfigSource file = new FileConfigSource(config, f -> MirrorConfig.load(f, parameters, Quotas.AWS).state());
            try {
                if (!Files.isReadable(config)) throw new UserError(config + ": cannot read the configuration file");
                state = file.loadNow();
            } catch (UserError e) {
                throw e;
            } catch (Exception e) {
                throw new UserError(e.getMessage());
            }
            eniId = resolveInterface(state, device);
            updates = controlSource != null ? controlSource : file;
        }
        NetworkInterface eni = state.networkInterfaces().get(eniId);
        EvalOptions options = new EvalOptions(null, mirrorEverything);
        Function<MirrorState, InterfacePlan> compile = s -> PlanCompiler.compile(s, eniId, options);

        InterfaceFacts facts = null;
        Inet4Address outerSource;
        if (device != null) {
            try {
                facts = InterfaceFacts.of(device);
            } catch (ErrnoException e) {
                throw new UserError(device + ": " + e.getMessage());
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            if (facts.ipv4() == null) throw new UserError(device + " has no IPv4 address; the VXLAN is sent from the interface's primary IPv4 address");
            outerSource = facts.ipv4();
        } else {
            outerSource = eni.ipv4Addresses().isEmpty() ? (Inet4Address) InetAddress.getByName("127.0.0.1")
                    : (Inet4Address) eni.ipv4Addresses().getFirst();
        }

        InetSocketAddress control = mirrorControlPlane ? null : controlPlane != null ? parseEndpoint(controlPlane, "--control-plane")
                : api != null ? new InetSocketAddress(InetAddress.getByName(api.getHost()), api.getPort() < 0 ? 80 : api.getPort()) : null;
        // One pipeline per capture thread, each with its own sink: the threads share nothing on the hot path.
        String interfaceName = device != null ? device : source.replay.getFileName().toString();
        InterfacePlan plan = compile.apply(state);
        List<TunnelSink> sinks = new ArrayList<>();
        List<MirrorPipeline> pipelines = new ArrayList<>();
        String sending = null;
        try {
            for (int i = 0; i < threads; i++) {
                OpenedSink opened = openSink(device);
                sinks.add(opened.sink());
                sending = opened.description();
                MirrorPipeline pipeline = new MirrorPipeline(new InterfaceCounters(interfaceName), opened.sink(), outerSource, control);
                pipeline.offer(plan);
                pipeline.applyOfferedPlan();
                pipelines.add(pipeline);
            }
        } catch (IllegalArgumentException | IOException e) {
            sinks.forEach(TunnelSink::close);
            throw new UserError((config != null ? config : api) + ": " + e.getMessage());
        } catch (UserError e) {
            sinks.forEach(TunnelSink::close);
            throw e;
        }
        InterfaceTotals totals = new InterfaceTotals(pipelines);

        List<InterfaceCapture> captures = List.of();
        if (device != null) {
            try {
                captures = InterfaceCapture.openFanout(facts, threads);
            } catch (ErrnoException e) {
                sinks.forEach(TunnelSink::close);
                throw new UserError(e.isPermissionDenied() ? capabilityMessage(device) : device + ": " + e.getMessage());
            }
        }
        AgentMetrics metricsServer = metrics == null ? null : new AgentMetrics(totals, parseEndpoint(metrics, "--metrics"));

        err.println("tmirror agent: " + (device != null ? "capturing " + device + " (" + facts.macText() + ", " + outerSource.getHostAddress()
                + ") on " + (threads == 1 ? "1 thread" : threads + " threads (PACKET_FANOUT hash by flow)")
                : "replaying " + source.replay) + " as " + eniId + "; " + describe(plan) + "; sending via " + sending
                + (metricsServer != null ? "; metrics at http://" + hostPort(metricsServer.address()) + "/metrics" : ""));

        InterfacePlan[] inForce = {plan};
        updates.start(s -> {
            int took = 0;
            try {
                InterfacePlan p = compile.apply(s);
                for (MirrorPipeline pipeline : pipelines) {
                    pipeline.offer(p);
                    took++;
                }
                inForce[0] = p;
                err.println("tmirror agent: configuration reloaded: " + describe(p));
            } catch (RuntimeException | IOException e) {
                // Pipelines that took the new plan before one failed (a path lookup) go back, so every thread mirrors alike.
                try {
                    for (int i = 0; i < took; i++) pipelines.get(i).offer(inForce[0]);
                } catch (RuntimeException | IOException again) {
                    e.addSuppressed(again);
                }
                err.println("tmirror agent: configuration not applied, keeping the previous one: " + e.getMessage());
            }
        }, msg -> err.println("tmirror agent: configuration not reloaded, keeping the previous one: " + msg));

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread main = Thread.currentThread();
        StopSignals signals = StopSignals.install("agent", () -> {
            running.set(false);
            try {
                // Live capture sees the flag within 100 ms; a replay at the recorded pace may sleep through a long gap.
                if (!stopped.await(1, TimeUnit.SECONDS) && device == null) main.interrupt();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        List<Thread> workers = new ArrayList<>();
        AtomicReference<Exception> workerFailure = new AtomicReference<>();
        try {
            if (device != null) {
                // Captures 1..n-1 on their own threads, capture 0 on this one; the first failure stops them all.
                for (int i = 1; i < threads; i++) {
                    InterfaceCapture capture = captures.get(i);
                    MirrorPipeline pipeline = pipelines.get(i);
                    workers.add(Thread.ofPlatform().name("tmirror-capture-" + i).start(() -> {
                        try {
                            capture.run(pipeline, running::get, nice);
                        } catch (ErrnoException | RuntimeException e) {
                            workerFailure.compareAndSet(null, e);
                            running.set(false);
                        }
                    }));
                }
                captures.getFirst().run(pipelines.getFirst(), running::get, nice);
            } else {
                new ReplayCapture(source.replay, macBytes(eni), addresses(eni), replaySpeed.equals("recorded"))
                        .run(pipelines.getFirst(), running::get);
            }
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        } catch (InterruptedException e) {
            if (!signals.stopRequested()) throw e; // else: woken from the replay's pause by the stop
        } finally {
            running.set(false);
            for (Thread w : workers) w.join(5000);
            updates.close();
            captures.forEach(InterfaceCapture::close);
            for (String line : CounterReport.lines(totals)) err.println("tmirror agent: " + line);
            long onRing = 0, throughStack = 0;
            String refused = null;
            boolean framed = false;
            for (TunnelSink s : sinks)
                if (s instanceof FrameRingSink r) {
                    framed = true;
                    onRing += r.ringPackets();
                    throughStack += r.stackPackets();
                    if (r.ringRefused() != null) refused = r.ringRefused();
                }
            if (framed)
                err.println("tmirror agent: sent " + onRing + " as frames on the packet ring, " + throughStack + " through the IP stack"
                        + (refused != null ? " (the packet ring could not be opened: " + refused + ")" : ""));
            if (metricsServer != null) metricsServer.close();
            sinks.forEach(TunnelSink::close);
            stopped.countDown();
            signals.close();
        }
        if (workerFailure.get() != null) throw new UserError(workerFailure.get().getMessage());
        return 0;
    }

    /** A sink and how it sends, for the start line. */
    record OpenedSink(TunnelSink sink, String description) {}

    /**
     * The sink of one capture thread: the one place that decides how mirrored packets leave. Live capture builds
     * whole frames on a packet ring ({@link FrameRingSink}), or with --send-path socket sends through a raw socket
     * (per-flow source ports, the interface's address, the kernel's routing). A replay sends through an ordinary UDP
     * socket: unprivileged, on any OS, and never with a source address that is not ours.
     */
    private OpenedSink openSink(String device) throws IOException {
        if (device == null) {
            DatagramSink d = new DatagramSink(batch, SLOT, new InetSocketAddress(0));
            return new OpenedSink(d, "UDP socket port " + d.localAddress().getPort() + " (replay: one source port for every flow)");
        }
        try {
            if (sendPath.equals("ring"))
                return new OpenedSink(new FrameRingSink(batch, SLOT, RING_FRAMES, sendBuffer), "frames on a packet ring, batches of " + batch);
            return new OpenedSink(new RawSocketSink(batch, SLOT, sendBuffer), "raw socket, sendmmsg batches of " + batch);
        } catch (ErrnoException e) {
            throw new UserError(e.isPermissionDenied() ? capabilityMessage(device) : "cannot open the sending socket: " + e.getMessage());
        }
    }

    /** The source's eni- id: registered now for a live interface, named by --eni for a replay. */
    private String registerWith(ControlPlaneClient client, String device) throws IOException, InterruptedException {
        if (device != null) return ApiConnection.register(client, device, host, eni);
        if (eni == null) throw new UserError("with --replay and --api, name the registered source interface with --eni", 2);
        return eni;
    }

    /** Which of the configuration's network interfaces is the source. */
    private String resolveInterface(MirrorState state, String device) {
        if (eni != null) {
            if (!state.networkInterfaces().containsKey(eni))
                throw new UserError(config + ": no network interface " + eni + " (known: " + state.networkInterfaces().keySet() + ")");
            return eni;
        }
        if (device != null) {
            Optional<NetworkInterface> n = state.interfaceNamed(host, device);
            if (n.isPresent()) return n.get().id();
            throw new UserError(config + ": no AWS::EC2::NetworkInterface is bound to device " + device
                    + (host != null ? " on host " + host : "") + " (tags tmirror:interface, tmirror:host); or name it with --eni");
        }
        List<String> sources = state.sessions().values().stream().map(s -> s.networkInterfaceId()).distinct().toList();
        if (sources.size() == 1) return sources.getFirst();
        throw new UserError(config + ": with --replay, name the source network interface with --eni (sources: " + sources + ")");
    }

    private static String capabilityMessage(String device) {
        return "capturing " + device + " needs CAP_NET_RAW (run as root, or: setcap cap_net_raw+ep on the java binary); --replay runs without it";
    }

    private static String describe(InterfacePlan plan) {
        List<SessionPlan> sessions = plan.sessions();
        if (sessions.isEmpty()) return "no sessions";
        List<String> parts = new ArrayList<>();
        for (SessionPlan s : sessions)
            parts.add(s.sessionId() + " #" + s.sessionNumber() + " vni " + s.vni()
                    + (s.packetLength() > 0 ? " length " + s.packetLength() : "") + " -> "
                    + (s.targetAddress() == null ? "?" : s.targetAddress().getHostAddress()) + ":"
                    + (s.targetPort() == 0 ? 4789 : s.targetPort()) + " (" + s.targetId() + ")");
        return sessions.size() + (sessions.size() == 1 ? " session: " : " sessions: ") + String.join(", ", parts);
    }

    private static byte[] macBytes(NetworkInterface eni) {
        return eni == null || eni.macAddress() == null ? null : HexFormat.ofDelimiter(":").parseHex(eni.macAddress());
    }

    private static List<InetAddress> addresses(NetworkInterface eni) {
        List<InetAddress> all = new ArrayList<>(eni.ipv4Addresses());
        all.addAll(eni.ipv6Addresses());
        return all;
    }

    static InetSocketAddress parseEndpoint(String text, String option) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) throw new UserError(option + " wants HOST:PORT, not '" + text + "'", 2);
        String h = text.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) throw new UserError(option + ": bad port in '" + text + "'", 2);
        try {
            return new InetSocketAddress(InetAddress.getByName(h), port);
        } catch (UnknownHostException e) {
            throw new UserError(option + ": unknown host '" + h + "'");
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
