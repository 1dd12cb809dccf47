package net.trafficmirror.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.trafficmirror.lab.LabState.InstanceRecord;
import net.trafficmirror.lab.LabState.OutputRecord;
import net.trafficmirror.lab.LabState.ProcessRecord;
import net.trafficmirror.lab.LabState.ResourceRecord;
import net.trafficmirror.lab.Topology.Instance;
import net.trafficmirror.mirror.IdGenerator;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.MirrorTarget;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.cfn.Stack;
import net.trafficmirror.mirror.cfn.StackDeployer;
import net.trafficmirror.mirror.cfn.Template;
import net.trafficmirror.mirror.cfn.TemplateException;

/**
 * {@code tmirror lab}: a CloudFormation template brought up as network namespaces on this host, and managed
 * by name ({@code up}, {@code down}, {@code status}, {@code outputs}, {@code exec}). All the lab's names start
 * with {@code tm<NAME>-}; {@code down} removes what the state file lists plus anything with that prefix, and
 * nothing else.
 */
public final class Lab {
    /** Where lab state lives: a tmpfs, gone with the namespaces at reboot. */
    public static final Path RUN_DIR = Path.of("/run/tmirror/labs");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]{1,10}");
    private static final Pattern ZONE = Pattern.compile("((?:[a-z]{2}|us-gov)-[a-z]+-\\d)[a-f]");

    /**
     * What {@code lab up} was asked for. {@code region} null means: AWS_REGION, AWS_DEFAULT_REGION, the template's
     * zones, us-east-1. {@code tmirror} is the command that runs a tmirror subcommand (java ... Tmirror), for the
     * agents and collectors of the template's mirror sessions; empty: mirror resources are modelled, not run.
     */
    public record UpOptions(Path template, Map<String, String> parameters, String region, String name, boolean strict,
                            boolean runUserData, List<String> tmirror) {
        public UpOptions(Path template, Map<String, String> parameters, String region, String name, boolean strict, boolean runUserData) {
            this(template, parameters, region, name, strict, runUserData, List.of());
        }
    }

    private final Path runDir;
    private final PrintStream out;

    public Lab(Path runDir, PrintStream out) {
        this.runDir = runDir;
        this.out = out;
    }

    public Lab(PrintStream out) {
        this(RUN_DIR, out);
    }

    static String prefix(String name) {
        return "tm" + name + "-";
    }

    public static void checkName(String name) throws LabException {
        if (!NAME.matcher(name).matches()) throw new LabException("lab name '" + name + "' must be 1-10 lower-case letters or digits");
    }

    /** Brings a template up; on any failure removes what it made and rethrows. */
    public LabState up(UpOptions o) throws LabException, TemplateException {
        checkName(o.name());
        requireRoot();
        long started = System.nanoTime();
        try (LabLock lock = lock(o.name())) {
            refuseRunning(o.name());
            Template template = Template.parse(o.template());
            String region = region(o.region(), template);
            Topology topology = new Topology(region);
            java.util.Random seeded = new java.util.Random(o.name().hashCode());
            MirrorRegistry registry = new MirrorRegistry(Quotas.AWS, IdGenerator.random(seeded), seeded);
            LabProvisioner provisioner = new LabProvisioner(topology, o.name(), registry);
            Stack stack = StackDeployer.deploy(template, o.parameters(), region, "tmirror-" + o.name(), provisioner);
            List<String> warnings = new ArrayList<>();
            if (!topology.unknown.isEmpty()) {
                String list = String.join(", ", topology.unknown.entrySet().stream()
                        .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").toList());
                if (o.strict()) throw new LabException(o.template() + ": resource types the lab does not model (--strict): " + list);
                warnings.add("not modelled, created as stand-ins: " + list);
            }
            LabState state = LabState.empty(o.name(), o.template().toAbsolutePath().toString(), region);
            state.write(runDir);
            try {
                LabBuilder builder = new LabBuilder(topology, state, runDir);
                builder.build();
                warnings.addAll(topology.notes);
                state = state.withStack(stack.id(), instances(topology), outputs(stack), resources(stack), warnings);
                state.write(runDir);
                if (builder.servicesNamespace() != null) {
                    startJava(state, "services", builder.servicesNamespace(), LabServices.class, builder.servicesArguments(),
                            "lab services ready");
                }
                userData(state, topology, o.runUserData());
                mirroring(state, registry.state(), o.tmirror(), state.warnings());
                state.write(runDir);
            } catch (LabException | RuntimeException e) {
                boolean interrupted = Thread.interrupted(); // the removal's commands must run even when we were stopped
                try {
                    remove(o.name());
                } finally {
                    if (interrupted) Thread.currentThread().interrupt();
                }
                throw e;
            }
            report(state, System.nanoTime() - started);
            return state;
        } catch (LabException | TemplateException | RuntimeException e) {
            try {
                if (LabState.read(runDir, o.name()).isEmpty()) Files.deleteIfExists(runDir.resolve(o.name() + ".lock"));
            } catch (IOException | LabException ignored) {
                // only tidiness: the lock file of a lab that did not come up
            }
            throw e;
        }
    }

    /** Removes a lab: its processes (by recorded PID), its namespaces and /etc/netns entries, its state. */
    public void down(String name) throws LabException {
        checkName(name);
        requireRoot();
        try (LabLock lock = lock(name)) {
            int removed = remove(name);
            out.println(removed == 0 ? "lab " + name + ": nothing to remove" : "lab " + name + ": removed " + removed + " namespaces");
            Files.deleteIfExists(runDir.resolve(name + ".lock"));
        } catch (IOException e) {
            throw new LabException("cannot remove " + runDir.resolve(name + ".lock") + ": " + e.getMessage());
        }
    }

    public LabState state(String name) throws LabException {
        checkName(name);
        return LabState.read(runDir, name).orElseThrow(() -> new LabException("no lab named '" + name + "' (tmirror lab up TEMPLATE --name " + name + ")"));
    }

    /** Which of the lab's namespaces and processes are there now. */
    public void status(String name) throws LabException {
        LabState s = state(name);
        List<String> present = namespaces(name);
        out.println("lab " + name + ": " + s.template() + ", region " + s.region() + ", " + present.size() + "/" + s.namespaces().size() + " namespaces up");
        for (InstanceRecord i : s.instances()) {
            out.printf("  %-12s %-19s %-21s %-15s %-15s %s%s%n", i.name(), i.instanceId(), i.eniId(), i.privateIp(),
                    i.publicIp() == null ? "-" : i.publicIp(), i.namespace(), present.contains(i.namespace()) ? "" : " (missing)");
        }
        for (ProcessRecord p : s.processes()) {
            out.printf("  process %-10s pid %-7d %-8s in %s%n", p.role(), p.pid(), alive(p) ? "running" : "exited", p.namespace());
        }
        for (String w : s.warnings()) out.println("  warning: " + w);
    }

    public void outputs(String name) throws LabException {
        for (OutputRecord o : state(name).outputs()) out.println(o.key() + "\t" + o.value() + "\t" + o.description());
    }

    /** The command line that runs {@code command} in an instance's namespace (the lab's Session Manager). */
    public List<String> execCommand(String name, String instance, List<String> command) throws LabException {
        InstanceRecord i = instance(name, instance);
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", i.namespace()));
        argv.addAll(command.isEmpty() ? List.of("/bin/sh") : command);
        return argv;
    }

    public InstanceRecord instance(String name, String instance) throws LabException {
        LabState s = state(name);
        return s.instance(instance).orElseThrow(() -> new LabException("lab " + name + " has no instance '" + instance + "' (it has "
                + String.join(", ", s.instances().stream().map(InstanceRecord::name).toList()) + ")"));
    }

    /**
     * Starts a process in one of the lab's namespaces, output to a log beside the state, and records its PID
     * ({@code ip netns exec} execs the command, so the PID is the command's). Waits for {@code readyLine} in the log.
     */
    public ProcessRecord start(LabState state, String role, String namespace, List<String> command, String readyLine) throws LabException {
        ProcessRecord p = start(state, role, namespace, command);
        if (readyLine != null) awaitReady(p, readyLine);
        return p;
    }

    /** Starts a process as {@link #start(LabState, String, String, List, String)} does, without waiting for it. */
    public ProcessRecord start(LabState state, String role, String namespace, List<String> command) throws LabException {
        Path log = runDir.resolve(state.name()).resolve(role + ".log");
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        argv.addAll(command);
        Process p;
        try {
            Files.createDirectories(log.getParent());
            p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new LabException("cannot start " + role + ": " + e.getMessage());
        }
        ProcessRecord record = new ProcessRecord(role, namespace, p.pid(), startTicks(p.pid()), log.toString());
        synchronized (state) {
            state.processes().add(record);
            state.write(runDir);
        }
        return record;
    }

    /** Waits up to 15 s for {@code readyLine} in a started process's log; its last line is the error if it exits first. */
    public static void awaitReady(ProcessRecord p, String readyLine) throws LabException {
        Path log = Path.of(p.log());
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            String text = read(log);
            if (text.contains(readyLine)) return;
            if (!alive(p) || System.nanoTime() > deadline) {
                throw new LabException(p.role() + " did not start in " + p.namespace() + ": "
                        + text.strip().lines().reduce((a, b) -> b).orElse("no output"));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException(p.role() + ": interrupted while starting");
            }
        }
    }

    /** Starts a class of ours in a fresh JVM in a namespace (the service must print {@code readyLine}). */
    public ProcessRecord startJava(LabState state, String role, String namespace, Class<?> main, List<String> args, String readyLine)
            throws LabException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return start(state, role, namespace, command, readyLine);
    }

    private void userData(LabState state, Topology topology, boolean run) throws LabException {
        for (Instance i : topology.instances.values()) {
            if (i.userData == null || i.userData.isBlank()) continue;
            if (!run) {
                out.println(i.name + ": UserData not run (--run-user-data runs it in the instance):");
                i.userData.strip().lines().forEach(l -> out.println("    " + l));
                continue;
            }
            Path script = runDir.resolve(state.name()).resolve("userdata-" + i.logicalId + ".sh");
            try {
                Files.createDirectories(script.getParent());
                Files.writeString(script, i.userData);
            } catch (IOException e) {
                throw new LabException("cannot write " + script + ": " + e.getMessage());
            }
            String shell = i.userData.startsWith("#!") ? i.userData.lines().findFirst().orElseThrow().substring(2).strip() : "/bin/sh";
            List<String> command = new ArrayList<>(List.of(shell.split("\\s+")));
            command.add(script.toString());
            ProcessRecord p = start(state, "userdata-" + i.logicalId, i.namespace, command, null);
            Optional<ProcessHandle> h = ProcessHandle.of(p.pid());
            try {
                if (h.isPresent()) h.get().onExit().get(300, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new LabException(i.name + ": UserData did not finish in 300 s (log " + p.log() + ")");
            }
            out.println(i.name + ": UserData ran, output in " + p.log());
        }
    }

    /**
     * The template's mirror sessions, run as AWS runs them: a collector in each target instance, an agent on
     * each source instance's eth0, both reading the lab's mirror configuration ({@code mirror.yaml} beside the state).
     */
    private void mirroring(LabState state, MirrorState mirror, List<String> tmirror, List<String> warnings) throws LabException {
        if (mirror.sessions().isEmpty()) return;
        if (tmirror.isEmpty()) {
            warnings.add("mirror sessions are modelled but no agent or collector runs (no tmirror command given)");
            return;
        }
        Path config = runDir.resolve(state.name()).resolve("mirror.yaml");
        try {
            Files.createDirectories(config.getParent());
            Files.writeString(config, MirrorConfigFile.render(mirror, "mirror configuration of lab " + state.name()));
        } catch (IOException e) {
            throw new LabException("cannot write " + config + ": " + e.getMessage());
        }
        Map<String, InstanceRecord> byEni = new LinkedHashMap<>();
        for (InstanceRecord i : state.instances()) byEni.put(i.eniId(), i);
        java.util.Set<String> collectors = new java.util.LinkedHashSet<>(), agents = new java.util.LinkedHashSet<>();
        for (MirrorSession session : mirror.sessions().values()) {
            MirrorTarget target = mirror.targets().get(session.targetId());
            InstanceRecord to = target.networkInterfaceId() == null ? null : byEni.get(target.networkInterfaceId());
            if (to != null && collectors.add(to.eniId())) {
                List<String> names = new ArrayList<>();
                for (MirrorSession s : mirror.sessions().values()) if (s.targetId().equals(target.id())) names.add(s.vni() + "=" + s.id());
                List<String> command = new ArrayList<>(tmirror);
                command.addAll(List.of("collector", "--listen", to.privateIp() + ":4789", "--geneve-port", "0", "-n",
                        "--sessions", String.join(",", names)));
                start(state, "collector-" + to.name(), to.namespace(), command, "tmirror collector: listening");
            }
        }
        for (MirrorSession session : mirror.sessions().values()) {
            InstanceRecord from = byEni.get(session.networkInterfaceId());
            if (from != null && agents.add(from.eniId())) {
                List<String> command = new ArrayList<>(tmirror);
                command.addAll(List.of("agent", "--config", config.toString(), "--interface", "eth0", "--host", from.name()));
                start(state, "agent-" + from.name(), from.namespace(), command, "tmirror agent: capturing");
            }
        }
        out.println("mirroring: " + mirror.sessions().size() + " sessions, agents on " + agents.size() + " and collectors on "
                + collectors.size() + " instances (logs in " + config.getParent() + ")");
    }

    private void report(LabState s, long nanos) {
        out.printf("lab %s up in %.1f s: region %s, %d resources, %d instances%n", s.name(), nanos / 1e9, s.region(),
                s.resources().size(), s.instances().size());
        for (InstanceRecord i : s.instances()) {
            out.printf("  %-12s %s %s private %s%s, %s (tmirror lab exec %s%s -- CMD)%n", i.name(), i.instanceId(), i.eniId(), i.privateIp(),
                    i.publicIp() == null ? "" : " public " + i.publicIp(), i.availabilityZone(), i.name(),
                    s.name().equals("lab") ? "" : " --name " + s.name());
        }
        for (String w : s.warnings()) out.println("warning: " + w);
        if (!s.outputs().isEmpty()) {
            out.println("Outputs:");
            int key = s.outputs().stream().mapToInt(o -> o.key().length()).max().orElse(0);
            int value = s.outputs().stream().mapToInt(o -> o.value().length()).max().orElse(0);
            for (OutputRecord o : s.outputs()) {
                out.println(("  %-" + key + "s  %-" + value + "s  %s").formatted(o.key(), o.value(), o.description()).stripTrailing());
            }
        }
    }

    /**
     * Removes the lab's processes, namespaces, /etc/netns entries and state; returns the number of namespaces.
     * Only names with the lab's prefix are touched, and processes only when PID and start time both match.
     */
    int remove(String name) throws LabException {
        Optional<LabState> state;
        try {
            state = LabState.read(runDir, name);
        } catch (LabException e) {
            state = Optional.empty(); // a torn state file: the prefix sweep still finds everything
        }
        List<String> namespaces = new ArrayList<>(namespaces(name));
        if (state.isPresent()) {
            for (ProcessRecord p : state.get().processes()) {
                if (alive(p)) stop(p.pid());
            }
            for (String ns : state.get().namespaces()) {
                if (!namespaces.contains(ns) && ns.startsWith(prefix(name))) namespaces.add(ns);
            }
        }
        int removed = 0;
        for (String ns : namespaces) {
            if (!Files.exists(Path.of("/run/netns", ns))) continue;
            for (String pid : HostCommand.run("ip", "netns", "pids", ns).split("\\s+")) {
                if (!pid.isBlank()) stop(Long.parseLong(pid.strip()));
            }
            HostCommand.run("ip", "netns", "del", ns);
            removed++;
        }
        try (Stream<Path> etc = Files.exists(Path.of("/etc/netns")) ? Files.list(Path.of("/etc/netns")) : Stream.empty()) {
            for (Path dir : etc.filter(d -> d.getFileName().toString().startsWith(prefix(name))).toList()) deleteTree(dir);
            deleteTree(runDir.resolve(name));
            Files.deleteIfExists(LabState.file(runDir, name));
        } catch (IOException e) {
            throw new LabException("cannot remove lab files: " + e.getMessage());
        }
        return removed;
    }

    /** The lab's namespaces that exist now (ip-netns(8) keeps them as files under /run/netns). */
    static List<String> namespaces(String name) throws LabException {
        Path dir = Path.of("/run/netns");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix(name))).sorted().toList();
        } catch (IOException e) {
            throw new LabException("cannot list /run/netns: " + e.getMessage());
        }
    }

    private void refuseRunning(String name) throws LabException {
        Optional<LabState> existing = LabState.read(runDir, name);
        List<String> present = namespaces(name);
        if (!present.isEmpty()) {
            throw new LabException("lab '" + name + "' is running" + existing.map(s -> " (from " + s.template() + ")").orElse("")
                    + "; remove it first: tmirror lab down --name " + name);
        }
        if (existing.isPresent()) remove(name); // state of a lab whose namespaces are gone (a reboot): clear it
    }

    private static String region(String requested, Template template) {
        if (requested != null && !requested.isBlank()) return requested;
        for (String env : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) return v;
        }
        for (Template.Resource r : template.resources().values()) {
            if (r.type().equals("AWS::EC2::Subnet") && r.properties().get("AvailabilityZone") instanceof String az) {
                Matcher m = ZONE.matcher(az);
                if (m.matches()) return m.group(1);
            }
        }
        return "us-east-1";
    }

    private static List<InstanceRecord> instances(Topology t) {
        List<InstanceRecord> list = new ArrayList<>();
        for (Instance i : t.instances.values()) {
            list.add(new InstanceRecord(i.logicalId, i.name, i.id, i.eni.id, i.namespace, Ipv4Block.dotted(i.eni.privateIp),
                    i.eni.publicIp, i.eni.mac, i.eni.subnet.cidr.toString(), Ipv4Block.dotted(i.eni.subnet.router()),
                    i.eni.subnet.availabilityZone));
        }
        return list;
    }

    private static List<OutputRecord> outputs(Stack stack) {
        return stack.outputs().values().stream().map(o -> new OutputRecord(o.key(), o.value(), o.description())).toList();
    }

    private static List<ResourceRecord> resources(Stack stack) {
        return stack.resources().stream().map(r -> new ResourceRecord(r.logicalId(), r.type(), r.physicalId())).toList();
    }

    /** Serialises up and down of one lab between tmirror processes. */
    private record LabLock(FileChannel channel) implements AutoCloseable {
        @Override public void close() {
            try {
                channel.close(); // releases the lock
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    private LabLock lock(String name) throws LabException {
        Path file = runDir.resolve(name + ".lock");
        try {
            Files.createDirectories(runDir);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (ch.tryLock() == null) {
                ch.close();
                throw new LabException("lab '" + name + "' is being changed by another tmirror process");
            }
            return new LabLock(ch);
        } catch (IOException e) {
            throw new LabException("cannot lock " + file + ": " + e.getMessage());
        }
    }

    /** Namespaces need CAP_SYS_ADMIN and CAP_NET_ADMIN; in practice, root on Linux. */
    public static void requireRoot() throws LabException {
        if (!isRoot()) throw new LabException("the lab needs root on Linux (network namespaces need CAP_SYS_ADMIN and CAP_NET_ADMIN); run it with sudo");
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Whether the recorded process still runs: same PID and start time, and not a zombie. */
    static boolean alive(ProcessRecord p) {
        String[] stat = stat(p.pid());
        return stat != null && p.startTicks() != 0 && Long.parseLong(stat[19]) == p.startTicks() && !stat[0].equals("Z") && !stat[0].equals("X");
    }

    /** Field 22 of /proc/PID/stat, the start time in clock ticks since boot: a PID and this name one process. */
    static long startTicks(long pid) {
        String[] stat = stat(pid);
        return stat == null ? 0 : Long.parseLong(stat[19]);
    }

    /** The fields of /proc/PID/stat after the command name (state first), or null. */
    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Stops processes the lab started, all at once (SIGTERM, so they flush and report), if they are still those processes. */
    public static void stop(ProcessRecord... processes) {
        List<ProcessHandle> stopping = new ArrayList<>();
        for (ProcessRecord p : processes) {
            if (p != null && alive(p)) ProcessHandle.of(p.pid()).ifPresent(h -> {
                h.destroy();
                stopping.add(h);
            });
        }
        for (ProcessHandle h : stopping) stop(h.pid());
    }

    /** SIGTERM, then SIGKILL after two seconds. */
    private static void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
                try {
                    h.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by the namespace removal that follows, if it matters
                }
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
