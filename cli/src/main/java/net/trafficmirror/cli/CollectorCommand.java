package net.trafficmirror.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import net.trafficmirror.collector.CaptureFiles;
import net.trafficmirror.collector.Collector;
import net.trafficmirror.collector.CollectorCounters;
import net.trafficmirror.collector.CollectorReport;
import net.trafficmirror.collector.FlowRecords;
import net.trafficmirror.collector.FrameFilter;
import net.trafficmirror.metrics.MetricsEndpoint;
import net.trafficmirror.collector.PacketSink;
import net.trafficmirror.collector.PcapOverIp;
import net.trafficmirror.collector.Reception;
import net.trafficmirror.collector.SenderAllowList;
import net.trafficmirror.api.ControlPlaneClient;
import net.trafficmirror.collector.SessionCatalog;
import net.trafficmirror.collector.SessionLabel;
import net.trafficmirror.collector.SessionScoped;
import net.trafficmirror.collector.TcpdumpText;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.cfn.TemplateException;
import net.trafficmirror.mirror.config.MirrorConfig;
import net.trafficmirror.packet.print.PrintOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tmirror collector}: the mirror target (issue 5). Receives VXLAN on UDP 4789 and GENEVE on 6081,
 * decapsulates, and shows, records and counts the mirrored traffic per session.
 */
@Command(name = "collector", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Receive mirror traffic, decapsulate it, and show, record and count it per session.",
                "With no sink option it prints what `tcpdump -n port 4789` prints on the target.",
                "Sink options take an optional SESSIONS= prefix (VNIs or session names/ids, comma-separated) "
                        + "to serve only those sessions; repeat an option for several sinks."})
public final class CollectorCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "ADDR[:PORT]", description = "Where to receive VXLAN (default ${DEFAULT-VALUE}).", defaultValue = "0.0.0.0:4789")
    String listen;

    @Option(names = "--geneve-port", paramLabel = "PORT", description = "Also receive GENEVE (incl. GWLB's GENEVE-wrapped VXLAN) on this port of the same address; 0: no (default ${DEFAULT-VALUE}).", defaultValue = "6081")
    int genevePort;

    @Option(names = "--capture", paramLabel = "IFACE", description = "Take the datagrams from IFACE's packet ring (AF_PACKET, kernel BPF filter on the tunnel ports) instead of UDP sockets: tcpdump's cost per packet and the real outer headers. Needs CAP_NET_RAW; --listen then only gives the port.")
    String capture;

    @Option(names = "--nft-drop", description = "With --capture: add an nftables table that drops the tunnel datagrams after capture (no socket queueing, no ICMP port unreachable); removed at exit.")
    boolean nftDrop;

    @Option(names = "--rcvbuf", paramLabel = "SIZE", description = "Socket receive buffer (the kernel caps it at net.core.rmem_max), or the ring size with --capture (default ${DEFAULT-VALUE}).", defaultValue = "64M")
    String receiveBuffer;

    @Option(names = "--allow", paramLabel = "CIDR,...", description = "Senders allowed to deliver mirror traffic; others are counted and dropped (default: all).")
    String allow;

    @Option(names = "--config", paramLabel = "FILE", description = "A CloudFormation-format mirror configuration: names the sessions by VNI (Name tag, else description).")
    Path config;

    @Option(names = "--api", paramLabel = "URL", description = {"Name the sessions from the control plane (tmirror api at URL), following "
            + "changes within a second (--sessions still wins); with --capture, register IFACE (eni- id, address, MAC) so it can be made "
            + "a mirror target. Access key from TMIRROR_ACCESS_KEY_ID and TMIRROR_SECRET_ACCESS_KEY."})
    URI api;

    @Option(names = "--api-ca", paramLabel = "PEM", description = "Trust this certificate (or CA) for an https --api.")
    Path apiCa;

    @Option(names = "--sessions", paramLabel = "VNI=NAME[,...]", split = ",", description = "Names for VNIs; these win over --config.")
    List<String> sessionNames = new ArrayList<>();

    @Option(names = "--inner", description = "Print only the decapsulated packets (as if captured at the source).")
    boolean inner;

    @Option(names = "--print", paramLabel = "SESSIONS", arity = "0..1", fallbackValue = "", description = "Print text also when writing files, flows or PCAP-over-IP (optionally only for SESSIONS).")
    List<String> print;

    @Mixin PrinterFlags printerFlags;

    @Option(names = {"-w", "--write"}, paramLabel = "[SESSIONS=]DIR", description = "Write decapsulated frames into files in DIR, one series per session.")
    List<String> write = new ArrayList<>();

    @Option(names = "--format", paramLabel = "pcap|pcapng", description = "Capture file format (default ${DEFAULT-VALUE}).", defaultValue = "pcap")
    String format;

    @Option(names = "--rotate-size", paramLabel = "SIZE", description = "Start a new file before one passes SIZE (e.g. 100M).")
    String rotateSize;

    @Option(names = "--rotate-time", paramLabel = "DURATION", description = "Start a new file at each multiple of DURATION since the epoch (e.g. 1h: on the hour, UTC).")
    String rotateTime;

    @Option(names = "--keep-files", paramLabel = "N", description = "Keep at most N files per session (default: all).", defaultValue = "0")
    int keepFiles;

    @Option(names = "--keep-age", paramLabel = "DURATION", description = "Delete files older than DURATION (e.g. 7d).")
    String keepAge;

    @Option(names = "--flows", paramLabel = "[SESSIONS=]FILE", description = "Write flow records as JSON lines to FILE ('-': stdout).")
    List<String> flows = new ArrayList<>();

    @Option(names = "--flow-idle", paramLabel = "DURATION", description = "Export a flow idle this long (default ${DEFAULT-VALUE}).", defaultValue = "15s")
    String flowIdle;

    @Option(names = "--flow-active", paramLabel = "DURATION", description = "Export a flow that has lasted this long (default ${DEFAULT-VALUE}).", defaultValue = "30m")
    String flowActive;

    @Option(names = "--pcap-over-ip", paramLabel = "[SESSIONS=][ADDR:]PORT", description = "Serve a live pcap stream on a TCP port (address default 127.0.0.1).")
    List<String> pcapOverIp = new ArrayList<>();

    @Option(names = "--metrics", paramLabel = "ADDR:PORT", description = "Serve Prometheus metrics at http://ADDR:PORT/metrics.")
    String metrics;

    @Parameters(paramLabel = "EXPRESSION", description = "A filter expression applied to the inner packets (tcpdump syntax).")
    List<String> expression = new ArrayList<>();

    @Override public Integer call() throws Exception {
        InetSocketAddress vxlan = socketAddress(listen, 4789, "0.0.0.0", "--listen");
        InetSocketAddress geneve = genevePort == 0 ? null : new InetSocketAddress(vxlan.getAddress(), genevePort);
        if (genevePort < 0 || genevePort > 65535) throw new UserError("--geneve-port: " + genevePort + " is not a port number");
        SenderAllowList allowList;
        try {
            allowList = SenderAllowList.parse(allow);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        SessionCatalog catalog = new SessionCatalog();
        Map<Integer, SessionLabel> labels = new HashMap<>();
        if (config != null) {
            try {
                labels.putAll(SessionCatalog.labelsOf(MirrorConfig.load(config).state()));
            } catch (TemplateException e) {
                throw new UserError(e.getMessage());
            }
        }
        labels.putAll(parseSessionNames());
        catalog.replace(labels);
        FrameFilter filter = InnerFilter.compile(String.join(" ", expression));
        PrintOptions printOptions = printerFlags.toOptions();

        CollectorCounters counters = new CollectorCounters();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        counters.bind(registry);

        List<PacketSink> sinks = new ArrayList<>();
        List<AutoCloseable> resources = new ArrayList<>();
        List<String> what = new ArrayList<>();
        Collector collector = null;
        try {
            boolean otherSinks = !write.isEmpty() || !flows.isEmpty() || !pcapOverIp.isEmpty();
            boolean flowsOnStdout = flows.stream().anyMatch(f -> scoped(f).target().equals("-"));
            OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
            boolean text = print != null || !otherSinks;
            if (text && flowsOnStdout) throw new UserError("--flows -: stdout carries flow records, so text output needs to be off (drop --print)");
            if (text) {
                List<String> scopes = print == null || print.isEmpty() ? List.of("") : print;
                for (String scope : scopes) sinks.add(scope(new TcpdumpText(printOptions, inner, stdout), scope, "--print"));
                what.add(inner ? "decapsulated packets as text" : "packets as text (outer + inner, like tcpdump -n port 4789)");
            }
            CaptureFiles.Format fileFormat = switch (format) {
                case "pcap" -> CaptureFiles.Format.PCAP;
                case "pcapng" -> CaptureFiles.Format.PCAPNG;
                default -> throw new UserError("--format: '" + format + "' is not pcap or pcapng");
            };
            long rotateBytes = rotateSize == null ? 0 : Quantity.bytes(rotateSize, "--rotate-size");
            long rotateSeconds = rotateTime == null ? 0 : Quantity.seconds(rotateTime, "--rotate-time");
            long keepSeconds = keepAge == null ? 0 : Quantity.seconds(keepAge, "--keep-age");
            if (keepFiles < 0) throw new UserError("--keep-files: must be 0 (all) or more");
            for (String w : write) {
                Scoped s = scoped(w);
                CaptureFiles files;
                try {
                    files = new CaptureFiles(Path.of(s.target()), fileFormat, rotateBytes, rotateSeconds, keepFiles, keepSeconds, printOptions.nano, counters);
                } catch (IOException e) {
                    throw new UserError("-w " + s.target() + ": " + e.getMessage());
                }
                sinks.add(scope(files, s.sessions(), "-w"));
                what.add(format + " files in " + s.target());
            }
            long idle = Quantity.seconds(flowIdle, "--flow-idle");
            long active = Quantity.seconds(flowActive, "--flow-active");
            for (String f : flows) {
                Scoped s = scoped(f);
                Writer out;
                if (s.target().equals("-")) {
                    out = new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8);
                } else {
                    try {
                        out = Files.newBufferedWriter(Path.of(s.target()), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UserError("--flows " + s.target() + ": cannot write: " + e.getMessage());
                    }
                }
                sinks.add(scope(new FlowRecords(out, idle, active, counters), s.sessions(), "--flows"));
                what.add("flow records to " + (s.target().equals("-") ? "stdout" : s.target()));
            }
            for (String p : pcapOverIp) {
                Scoped s = scoped(p);
                PcapOverIp server = new PcapOverIp(socketAddress(s.target(), -1, "127.0.0.1", "--pcap-over-ip"), counters);
                sinks.add(scope(server, s.sessions(), "--pcap-over-ip"));
                InetSocketAddress a = server.address();
                what.add("PCAP-over-IP on " + a.getAddress().getHostAddress() + ":" + a.getPort());
            }
            if (api != null) {
                resources.add(followApi(catalog));
                what.add("session names from " + api);
            }
            if (metrics != null) {
                MetricsEndpoint m = MetricsEndpoint.start(socketAddress(metrics, -1, "127.0.0.1", "--metrics"), registry);
                resources.add(m);
                what.add("metrics on http://" + m.address().getAddress().getHostAddress() + ":" + m.address().getPort() + "/metrics");
            }
            int bufferBytes = (int) Math.min(Integer.MAX_VALUE, Quantity.bytes(receiveBuffer, "--rcvbuf"));
            if (nftDrop && capture == null) throw new UserError("--nft-drop: only with --capture IFACE");
            Reception reception = capture != null
                    ? new Reception.InterfaceRing(capture, vxlan.getPort(), genevePort, bufferBytes, nftDrop)
                    : new Reception.Sockets(vxlan, geneve, bufferBytes);
            try {
                collector = new Collector(reception, allowList, catalog, sinks, filter, counters, registry);
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            StringBuilder start = new StringBuilder("tmirror collector: listening on ").append(collector.receivingOn());
            if (!allowList.isEmpty()) start.append(", senders ").append(allow);
            if (!expression.isEmpty()) start.append(", filter '").append(String.join(" ", expression)).append('\'');
            start.append("; ").append(String.join(", ", what));
            System.err.println(start);
            return runUntilStopped(collector, counters, text);
        } finally {
            if (collector != null) collector.close();
            for (AutoCloseable r : resources) r.close();
        }
    }

    /** Keeps the VNI names in step with the control plane's sessions; --sessions names win. */
    private ControlPlaneClient followApi(SessionCatalog catalog) throws IOException {
        Map<Integer, SessionLabel> named = parseSessionNames();
        ControlPlaneClient client = ApiConnection.client(api, apiCa);
        try {
            if (capture != null) ApiConnection.register(client, capture, null, null);
        } catch (IOException e) {
            client.close();
            throw new UserError("--api " + api + ": " + e.getMessage());
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while registering with " + api);
        }
        Consumer<MirrorState> apply = state -> {
            Map<Integer, SessionLabel> labels = new HashMap<>(SessionCatalog.labelsOf(state));
            labels.putAll(named);
            catalog.replace(labels);
        };
        try {
            apply.accept(client.fetch()); // names right from the first packet
        } catch (IOException e) {
            System.err.println("tmirror collector: --api " + api + ": " + e.getMessage() + "; following it when it answers");
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while asking " + api);
        }
        client.start(apply, message -> System.err.println("tmirror collector: " + message));
        return client;
    }

    /** Runs the loop until SIGTERM or SIGINT; then every sink is flushed, the summary printed and the reception closed. */
    private static int runUntilStopped(Collector collector, CollectorCounters counters, boolean text) throws IOException {
        StopSignals signals = StopSignals.install("collector", collector::stop);
        Thread status = null;
        java.io.Console console = System.console();
        if (!text && console != null && console.isTerminal()) {
            status = Thread.ofPlatform().daemon().name("tmirror-collector-status").start(() -> {
                CollectorReport report = new CollectorReport();
                PrintStream err = System.err;
                while (!Thread.currentThread().isInterrupted()) {
                    err.print("\r\033[K" + report.status(counters, collector.sessions()));
                    err.flush();
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        try {
            collector.run();
        } finally {
            if (status != null) {
                status.interrupt();
                System.err.print("\r\033[K");
            }
            System.err.print(CollectorReport.summary(counters, collector.sessions()));
            System.err.flush();
            try {
                collector.close();
            } finally {
                signals.close();
            }
        }
        return 0;
    }

    private Map<Integer, SessionLabel> parseSessionNames() {
        Map<Integer, SessionLabel> m = new HashMap<>();
        for (String s : sessionNames) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new UserError("--sessions: '" + s + "' is not VNI=NAME");
            int vni = vni(s.substring(0, eq), "--sessions");
            String name = s.substring(eq + 1);
            m.put(vni, new SessionLabel(name.startsWith("tms-") ? name : "", name));
        }
        return m;
    }

    private static int vni(String text, String option) {
        try {
            int v = Integer.parseInt(text.strip());
            if (v >= 0 && v <= 0xffffff) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UserError(option + ": '" + text + "' is not a VNI (0-16777215)");
    }

    record Scoped(String sessions, String target) {}

    /** Splits {@code [SESSIONS=]TARGET}. */
    static Scoped scoped(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) return new Scoped("", value);
        return new Scoped(value.substring(0, eq), value.substring(eq + 1));
    }

    private static PacketSink scope(PacketSink sink, String sessions, String option) {
        if (sessions.isBlank()) return sink;
        Set<Integer> vnis = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (String s : sessions.split(",")) {
            String t = s.strip();
            if (t.isEmpty()) continue;
            if (t.chars().allMatch(Character::isDigit)) vnis.add(vni(t, option));
            else names.add(t);
        }
        return new SessionScoped(sink, vnis, names);
    }

    /** Parses {@code ADDR:PORT}, {@code [V6]:PORT}, {@code ADDR} (with a default port) or {@code PORT} (with a default address). */
    static InetSocketAddress socketAddress(String text, int defaultPort, String defaultHost, String option) {
        String host = defaultHost;
        String port = null;
        String t = text.strip();
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) throw new UserError(option + ": '" + text + "' has no closing ']'");
            host = t.substring(1, close);
            if (t.length() > close + 1) {
                if (t.charAt(close + 1) != ':') throw new UserError(option + ": '" + text + "' is not [ADDR]:PORT");
                port = t.substring(close + 2);
            }
        } else if (t.chars().allMatch(Character::isDigit)) {
            port = t;
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        } else {
            host = t;
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
        }
        if (p < 0 || p > 65535) throw new UserError(option + ": '" + text + "' needs a port number (0-65535)");
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|localhost")) {
            throw new UserError(option + ": '" + host + "' is not an IP address");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw new UserError(option + ": '" + host + "' is not an IP address");
        }
    }

}
