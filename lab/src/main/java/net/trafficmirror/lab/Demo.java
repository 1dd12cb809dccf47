package net.trafficmirror.lab;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.api.AccessKeys;
import net.trafficmirror.api.ApiServer;
import net.trafficmirror.api.ControlPlaneClient;
import net.trafficmirror.lab.LabState.InstanceRecord;
import net.trafficmirror.lab.LabState.ProcessRecord;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.cfn.TemplateException;

/**
 * {@code tmirror demo}: the seed scenario (shared/seed/SCENARIO.md) in one command. With root on Linux: the seed's
 * template as a lab, the mirror target, filter and session created through the control plane's EC2 API, the
 * collector on Client02 and the agent on Client01, the seed's curl, then what the monitor and the real tcpdump show
 * on Client02, and teardown (also on Ctrl-C or failure). Otherwise the same story replayed over loopback from a
 * capture of that run ({@code demo-client01.pcap}, recorded by examples/record-demo-capture.sh).
 */
public final class Demo {
    /** The demo's lab: removed before and after each run. */
    public static final String LAB = "demo";
    private static final String CAPTURE = "demo-client01.pcap";

    private final List<String> tmirror;
    private final PrintStream out;
    private final Path runDir;

    /** @param tmirror the command that runs a tmirror subcommand (java ... Tmirror) */
    public Demo(List<String> tmirror, PrintStream out, Path runDir) {
        this.tmirror = tmirror;
        this.out = out;
        this.runDir = runDir;
    }

    public Demo(List<String> tmirror, PrintStream out) {
        this(tmirror, out, Lab.RUN_DIR);
    }

    /** Whether the live demo can run here: root on Linux with iproute2 and nftables. */
    public static boolean canRunLive() {
        return Lab.isRoot() && onPath("nft") && onPath("ip");
    }

    public void live() throws LabException, TemplateException, IOException, InterruptedException {
        long started = System.nanoTime();
        Lab lab = new Lab(runDir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        // Ctrl-C or SIGTERM: stop this thread's work (its commands are interruptible), let it tear down, then sweep.
        Thread worker = Thread.currentThread();
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread cleanup = new Thread(() -> {
            worker.interrupt();
            try {
                finished.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            quietly(() -> lab.remove(LAB));
        }, "tmirror-demo-teardown");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Path template = Files.createTempFile("tmirror-demo", ".yaml");
        Path database = Files.createTempFile("tmirror-demo", ".db");
        try {
            lab.down(LAB); // a demo lab left by an earlier run that was killed
            copyResource("vpc-two-instances.yaml", template);
            out.println("1. CloudFormation: the seed's vpc-two-instances.yaml as a lab of network namespaces");
            // The control plane starts while the lab comes up: neither needs the other yet.
            java.util.concurrent.CompletableFuture<Api> starting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new Api(database);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            LabState state;
            try {
                state = lab.up(new Lab.UpOptions(template, Map.of(), "ap-northeast-1", LAB, false, false));
            } catch (LabException | TemplateException | RuntimeException e) {
                starting.thenAccept(Api::close);
                throw e;
            }
            InstanceRecord c1 = state.instance("Client01").orElseThrow(), c2 = state.instance("Client02").orElseThrow();
            for (InstanceRecord i : List.of(c1, c2)) {
                out.printf("   %s: %s, %s, private %s, public %s, %s%n", i.name(), i.instanceId(), i.eniId(), i.privateIp(), i.publicIp(), i.availabilityZone());
            }
            ProcessRecord tcpdump = onPath("tcpdump") ? lab.start(state, "tcpdump", c2.namespace(),
                    List.of("tcpdump", "-i", "eth0", "-n", "-l", "--immediate-mode", "port", "4789")) : null;
            try (Api api = join(starting)) {
                out.println("2. Traffic mirroring through the control plane: tmirror api at " + api.server.endpoint() + " (EC2 Query API, SigV4)");
                api.register(c1, Cidr.parse(c1.subnetCidr()));
                api.register(c2, Cidr.parse(c2.subnetCidr()));
                Mirroring m = api.configure(c1, c2);
                Path config = runDir.resolve(LAB).resolve("mirror.yaml");
                Files.writeString(config, MirrorConfigFile.render(api.server.state(), "the demo's mirror session, from the control plane"));

                out.println("3. Monitor on Client02 (tmirror collector --port-names) and agent on Client01's eth0");
                ProcessRecord collector = lab.start(state, "collector", c2.namespace(), command("collector", "--listen", c2.privateIp() + ":4789",
                        "--geneve-port", "0", "--port-names", "--sessions", m.vni + "=" + m.session));
                ProcessRecord agent = lab.start(state, "agent", c1.namespace(), command("agent", "--config", config.toString(),
                        "--interface", "eth0", "--host", c1.name()));
                Lab.awaitReady(collector, "tmirror collector: listening");
                Lab.awaitReady(agent, "tmirror agent: capturing");
                if (tcpdump != null) Lab.awaitReady(tcpdump, "listening on");

                out.println("4. Client01$ curl checkip.amazonaws.com");
                String answer = run(List.of("ip", "netns", "exec", c1.namespace(), "curl", "-sS", "-m", "5", "checkip.amazonaws.com"));
                out.println("   " + answer.strip());
                Thread.sleep(700); // the last mirrored packets on their way
                Lab.stop(agent, collector, tcpdump);

                out.println("5. What the monitor shows on Client02:");
                printLog(Path.of(collector.log()), "tmirror collector: listening");
                if (tcpdump != null) {
                    out.println("   What the real `tcpdump -i eth0 -n port 4789` shows on Client02 at the same moment:");
                    printLog(Path.of(tcpdump.log()), null);
                } else {
                    out.println("   (tcpdump is not installed: it would print the same lines with numeric ports, .80 for .http)");
                }
            }
        } finally {
            boolean interrupted = Thread.interrupted(); // teardown must run its commands even when we were stopped
            try {
                lab.down(LAB);
                Files.deleteIfExists(template);
                Files.deleteIfExists(database);
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is what stopped us; it finishes the sweep
                }
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
        out.printf("6. Teardown: lab removed (namespaces, nftables, processes). The whole story took %.1f s.%n", (System.nanoTime() - started) / 1e9);
    }

    /** The same story over loopback, from the capture of a live run, for machines where the lab cannot be built. */
    public void replay() throws LabException, IOException, InterruptedException {
        out.println(canRunLive() ? "tmirror demo --replay: replaying a capture of the live demo"
                : "tmirror demo: no root on Linux here, so the lab cannot be built: replaying a capture of the live demo");
        out.println("(Client01's eth0 during the seed's curl, recorded with tcpdump in the lab) over loopback instead.");
        Path dir = Files.createTempDirectory("tmirror-demo");
        Path capture = dir.resolve(CAPTURE);
        copyResource(CAPTURE, capture);
        byte[][] client = clientOf(capture);
        String clientIp = InetAddress.getByAddress(client[1]).getHostAddress();
        String clientMac = HexFormat.ofDelimiter(":").formatHex(client[0]);
        InstanceRecord c1 = new InstanceRecord("ClientInstance", "Client01", "", "eni-0c1e000000000c101", "", clientIp, null, clientMac,
                "10.100.0.0/24", "10.100.0.1", "ap-northeast-1c");
        InstanceRecord c2 = new InstanceRecord("ClientInstance2", "Client02", "", "eni-0c2e000000000c202", "", "127.0.0.1", null, null,
                "127.0.0.0/8", "", "ap-northeast-1c");
        out.println("1. CloudFormation: not here (the lab needs root); Client01 is " + clientIp + " (" + clientMac + ") as in the recorded run,");
        out.println("   Client02, the target, is 127.0.0.1");
        List<Process> started = new ArrayList<>();
        try (Api api = new Api(dir.resolve("api.db"))) {
            out.println("2. Traffic mirroring through the control plane: tmirror api at " + api.server.endpoint() + " (EC2 Query API, SigV4)");
            api.register(c1, Cidr.parse("10.100.0.0/24"));
            api.register(c2, Cidr.parse("127.0.0.0/8"));
            Mirroring m = api.configure(c1, c2);
            Path config = dir.resolve("mirror.yaml");
            Files.writeString(config, MirrorConfigFile.render(api.server.state(), "the demo's mirror session, from the control plane"));
            out.println("3. Monitor on 127.0.0.1 (tmirror collector --port-names), agent replaying " + CAPTURE);
            Path collectorLog = dir.resolve("collector.log");
            Process collector = spawn(command("collector", "--listen", "127.0.0.1:4789", "--geneve-port", "0", "--port-names",
                    "--sessions", m.vni + "=" + m.session), collectorLog);
            started.add(collector);
            waitFor(collectorLog, "tmirror collector: listening", collector);
            Path agentLog = dir.resolve("agent.log");
            Process agent = spawn(command("agent", "--config", config.toString(), "--replay", capture.toString(), "--replay-speed", "recorded"), agentLog);
            started.add(agent);
            out.println("4. Client01$ curl checkip.amazonaws.com   (replayed)");
            if (!agent.waitFor(30, TimeUnit.SECONDS)) throw new LabException("the agent's replay did not finish; see " + agentLog);
            if (agent.exitValue() != 0) throw new LabException("the agent failed: " + Files.readString(agentLog).strip());
            Thread.sleep(500);
            collector.destroy();
            collector.waitFor(10, TimeUnit.SECONDS);
            out.println("5. What the monitor shows (on 127.0.0.1, the outer addresses are loopback's):");
            printLog(collectorLog, "tmirror collector: listening");
        } finally {
            for (Process p : started) p.destroyForcibly();
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Step 2: the in-process control plane, driven through its EC2 API. */
    private final class Api implements AutoCloseable {
        final ApiServer server;
        final TrafficMirrorCalls ec2;
        final ControlPlaneClient agentSide;

        Api(Path database) throws IOException {
            String id = "AKIA" + HexFormat.of().withUpperCase().formatHex(new SecureRandom().generateSeed(8));
            String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(20));
            server = ApiServer.start(new ApiServer.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), database,
                    AccessKeys.of(id, secret), null, ApiServer.Options.DEFAULT_OWNER_ID, Quotas.AWS), new SimpleMeterRegistry(), Clock.systemUTC());
            ec2 = new TrafficMirrorCalls(server.endpoint(), id, secret);
            agentSide = new ControlPlaneClient(server.endpoint(), id, secret, null);
        }

        /** What an agent does first: registers its host's interface, here with the lab's eni- id. */
        void register(InstanceRecord i, Cidr subnet) throws LabException {
            try {
                agentSide.register(new NetworkInterface(i.eniId(), i.name(), "eth0", List.of(InetAddress.getByName(i.privateIp())), List.of(),
                        i.mac(), subnet, Cidr.parse("10.100.0.0/16"), i.name() + " eth0", Map.of()));
            } catch (IOException e) {
                throw new LabException("registering " + i.eniId() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted");
            }
        }

        Mirroring configure(InstanceRecord source, InstanceRecord target) throws LabException {
            String t = ec2.call("CreateTrafficMirrorTarget", Map.of("NetworkInterfaceId", target.eniId(), "Description", "Client02"), "trafficMirrorTargetId");
            out.println("   aws ec2 create-traffic-mirror-target --network-interface-id " + target.eniId() + "    -> " + t);
            String f = ec2.call("CreateTrafficMirrorFilter", Map.of("Description", "all TCP, UDP and ICMP"), "trafficMirrorFilterId");
            out.println("   aws ec2 create-traffic-mirror-filter    -> " + f);
            for (String direction : List.of("ingress", "egress")) {
                int number = 100;
                for (String protocol : List.of("6", "17", "1")) {
                    Map<String, String> rule = new LinkedHashMap<>();
                    rule.put("TrafficMirrorFilterId", f);
                    rule.put("TrafficDirection", direction);
                    rule.put("RuleNumber", Integer.toString(number));
                    rule.put("RuleAction", "accept");
                    rule.put("Protocol", protocol);
                    rule.put("SourceCidrBlock", "0.0.0.0/0");
                    rule.put("DestinationCidrBlock", "0.0.0.0/0");
                    String r = ec2.call("CreateTrafficMirrorFilterRule", rule, "trafficMirrorFilterRuleId");
                    out.printf("   aws ec2 create-traffic-mirror-filter-rule --traffic-direction %-7s --rule-number %d --rule-action accept"
                            + " --protocol %-2s --source-cidr-block 0.0.0.0/0 --destination-cidr-block 0.0.0.0/0    -> %s%n", direction, number, protocol, r);
                    number += 100;
                }
            }
            String s = ec2.call("CreateTrafficMirrorSession", Map.of("NetworkInterfaceId", source.eniId(), "TrafficMirrorTargetId", t,
                    "TrafficMirrorFilterId", f, "SessionNumber", "1", "Description", "Client01 to Client02"), "trafficMirrorSessionId");
            int vni = server.state().sessions().get(s).vni();
            out.println("   aws ec2 create-traffic-mirror-session --network-interface-id " + source.eniId() + " --session-number 1    -> " + s
                    + " (VNI " + vni + ")");
            return new Mirroring(s, vni);
        }

        @Override public void close() {
            agentSide.close();
            server.close();
        }
    }

    private record Mirroring(String session, int vni) {}

    private static Api join(java.util.concurrent.CompletableFuture<Api> starting) throws IOException {
        try {
            return starting.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.UncheckedIOException io) throw io.getCause();
            throw e;
        }
    }

    private List<String> command(String... args) {
        List<String> c = new ArrayList<>(tmirror);
        c.addAll(List.of(args));
        return c;
    }

    private void printLog(Path log, String skipPrefix) throws IOException {
        for (String line : Files.readAllLines(log)) {
            if (skipPrefix == null || !line.startsWith(skipPrefix)) out.println("   " + line);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) if (Files.isExecutable(Path.of(dir, tool))) return true;
        return false;
    }

    /** The source MAC and IPv4 address of the capture's first TCP SYN: the client, Client01. Reads pcap (either byte order). */
    static byte[][] clientOf(Path pcap) throws IOException, LabException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) b.order(ByteOrder.BIG_ENDIAN);
        for (int p = 24; p + 16 <= b.limit(); ) {
            int len = b.getInt(p + 8);
            int frame = p + 16;
            boolean ipv4 = len >= 54 && frame + len <= b.limit() && b.get(frame + 12) == 0x08 && b.get(frame + 13) == 0x00;
            if (ipv4 && b.get(frame + 23) == 6
                    && (b.get(frame + 14 + (b.get(frame + 14) & 0xf) * 4 + 13) & 0x12) == 0x02) {
                byte[] mac = new byte[6], ip = new byte[4];
                b.get(frame + 6, mac);
                b.get(frame + 26, ip);
                return new byte[][] {mac, ip};
            }
            p = frame + len;
        }
        throw new LabException(pcap + ": no TCP SYN to tell the client by");
    }

    private void copyResource(String name, Path to) throws IOException {
        try (InputStream in = Demo.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("resource " + name + " is missing from the build");
            Files.write(to, in.readAllBytes());
        }
    }

    private static Process spawn(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null").toFile()))
                .start();
    }

    private static void waitFor(Path log, String line, Process p) throws IOException, InterruptedException, LabException {
        for (int i = 0; i < 750; i++) {
            if (Files.exists(log) && Files.readString(log).contains(line)) return;
            if (!p.isAlive()) throw new LabException("did not start: " + Files.readString(log).strip());
            Thread.sleep(20);
        }
        throw new LabException("did not start within 15 s: " + Files.readString(log).strip());
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return text;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step s) {
        try {
            s.run();
        } catch (Exception ignored) {
            // best effort at exit: `tmirror lab down --name demo` finishes the job
        }
    }
}
