package net.trafficmirror.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.lab.LabState.InstanceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed's template brought up for real (root, namespaces): outputs, what the security group and the network
 * ACL let through and stop (checked with real clients and servers: curl, ncat, ping, and the ACL's nftables
 * counters), the checkip answer, isolation from the root namespace (watched with {@code ip monitor} for the whole
 * life of the lab) and a teardown that leaves nothing behind.
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedLabTest {
    private static final Path SEED = Path.of("../examples/vpc-two-instances.yaml");
    private final String name = "ts" + ThreadLocalRandom.current().nextInt(10000, 99999);
    private final Path runDir = Path.of("/run/tmirror/test-labs");
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private Lab lab;
    private LabState state;
    private Process monitor;
    private Path monitorLog;
    private String rootRulesetBefore;

    static void requireRootOrSkip() {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!ci) org.junit.jupiter.api.Assumptions.assumeTrue(Lab.isRoot(), "needs root for network namespaces");
        assertThat(Lab.isRoot()).as("CI runs the netns tests as root").isTrue();
    }

    @BeforeAll
    void up() throws Exception {
        requireRootOrSkip();
        rootRulesetBefore = sh("nft", "list", "ruleset").out;
        monitorLog = Files.createTempFile("tmlab-monitor", ".log");
        monitor = new ProcessBuilder("ip", "monitor", "link", "address", "route").redirectErrorStream(true)
                .redirectOutput(monitorLog.toFile()).start();
        lab = new Lab(runDir, new PrintStream(printed, true, StandardCharsets.UTF_8));
        state = lab.up(new Lab.UpOptions(SEED, Map.of(), "ap-northeast-1", name, false, false));
    }

    @AfterAll
    void down() throws Exception {
        if (lab != null) lab.down(name);
        if (monitor != null) monitor.destroy();
    }

    private InstanceRecord client(int n) {
        return state.instance("Client0" + n).orElseThrow();
    }

    @Test void outputsAndInstancesLookLikeEc2() throws Exception {
        InstanceRecord c1 = client(1), c2 = client(2);
        assertThat(state.outputs()).extracting(LabState.OutputRecord::key).containsExactly("AZ01", "AZ02", "IP01", "IP02");
        assertThat(state.outputs().get(0).value()).isEqualTo("ap-northeast-1c");
        assertThat(state.outputs().get(1).value()).isEqualTo("ap-northeast-1c");
        assertThat(state.outputs().get(2).value()).isEqualTo(c1.publicIp());
        assertThat(state.outputs().get(3).value()).isEqualTo(c2.publicIp());
        for (InstanceRecord c : List.of(c1, c2)) {
            assertThat(c.instanceId()).matches("i-[0-9a-f]{17}");
            assertThat(c.eniId()).matches("eni-[0-9a-f]{17}");
            assertThat(c.publicIp()).startsWith("203.0.113.");
            int last = Integer.parseInt(c.privateIp().substring(c.privateIp().lastIndexOf('.') + 1));
            assertThat(c.privateIp()).startsWith("10.100.0.");
            assertThat(last).isBetween(4, 254); // AWS reserves .0-.3 and .255
            String addr = sh("ip", "-n", c.namespace(), "-o", "addr", "show", "dev", "eth0").out;
            assertThat(addr).contains("inet " + c.privateIp() + "/24");
            assertThat(sh("ip", "-n", c.namespace(), "link", "show", "eth0").out).contains("link/ether " + c.mac()).contains("mtu 9001");
            assertThat(c.mac()).startsWith("02:");
            assertThat(sh("ip", "-n", c.namespace(), "route", "show", "default").out).startsWith("default via 10.100.0.1 dev eth0");
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Client01: UserData not run").contains("yum install -y nc");
    }

    @Test void checkipAnswersThePublicAddress() throws Exception {
        for (int n = 1; n <= 2; n++) {
            Result r = exec(client(n), "curl", "-sS", "-m", "5", "http://checkip.amazonaws.com/");
            assertThat(r.code).as(r.out).isZero();
            assertThat(r.out).isEqualTo(client(n).publicIp() + "\n");
        }
    }

    @Test void theVpcResolverAnswersLabNamesLikeAmazonDns() throws Exception {
        // glibc's resolver is the client: the public DNS name is only in the resolver's table, not in /etc/hosts.
        String publicName = "ec2-" + client(2).publicIp().replace('.', '-') + ".ap-northeast-1.compute.amazonaws.com";
        Result r = exec(client(1), "getent", "hosts", publicName);
        assertThat(r.out).as("exit %d", r.code).startsWith(client(2).privateIp() + " ");
        assertThat(exec(client(1), "getent", "hosts", "no-such-name.example").code).isEqualTo(2); // NXDOMAIN
        assertThat(Files.readString(Path.of("/etc/netns", client(1).namespace(), "resolv.conf"))).startsWith("nameserver 10.100.0.2\n");
    }

    @Test void sshFromTheInternetIsAllowedBySecurityGroupAndAcl() throws Exception {
        try (Server ssh = new Server(client(1), "22")) {
            Result r = fromInternet("ncat", "-w", "3", "--recv-only", client(1).publicIp(), "22");
            assertThat(r.out).as("exit %d", r.code).contains("banner");
        }
    }

    @Test void securityGroupBlocksOtherPortsFromOutsideButNotFromTheVpc() throws Exception {
        try (Server web = new Server(client(1), "8080")) {
            // The ACL allows 1024-65535 in (rule 102); the group allows only 22 from outside.
            assertThat(fromInternet("ncat", "-w", "2", "--recv-only", client(1).publicIp(), "8080").code).isNotZero();
            Result inside = exec(client(2), "ncat", "-w", "3", "--recv-only", client(1).privateIp(), "8080");
            assertThat(inside.out).as("exit %d", inside.code).contains("banner"); // group rule: all from 10.100.0.0/16
        }
    }

    @Test void networkAclDropsIcmpFromOutsideAtTheSubnet() throws Exception {
        long before = aclImplicitDenies();
        assertThat(fromInternet("ping", "-c", "1", "-W", "1", client(1).publicIp()).code).isNotZero();
        assertThat(aclImplicitDenies()).isGreaterThan(before); // stopped by rule * of the inbound ACL, not the group
        assertThat(exec(client(2), "ping", "-c", "1", "-W", "2", client(1).privateIp()).code).isZero(); // rule 120
    }

    @Test void rootNamespaceHasNoWayIntoTheLab() throws Exception {
        String rootAddresses = sh("ip", "-o", "addr").out;
        String rootLinks = sh("ip", "-o", "link").out;
        String rootRoutes = sh("ip", "route", "show", "table", "all").out;
        for (InstanceRecord c : state.instances()) {
            assertThat(rootAddresses).doesNotContain(c.privateIp() + "/").doesNotContain(c.publicIp() + "/");
            assertThat(rootLinks).doesNotContain(c.mac());
        }
        assertThat(rootAddresses + rootRoutes).doesNotContain("10.100.").doesNotContain("203.0.113.").doesNotContain("198.51.100.");
        assertThat(rootLinks).doesNotContainPattern(": (e\\d+|s\\d+|igw|vpc|inet|wan|g\\d+)@");
        // Nothing the lab did was ever visible in the root namespace.
        String events = Files.readString(monitorLog);
        assertThat(events).doesNotContain("10.100.").doesNotContain("203.0.113.").doesNotContain("198.51.100.").doesNotContain("02:");
    }

    @Test void aSecondUpOfARunningLabIsRefused() throws Exception {
        assertThatThrownBy(() -> lab.up(new Lab.UpOptions(SEED, Map.of(), "ap-northeast-1", name, false, false)))
                .isInstanceOf(LabException.class).hasMessageContaining("lab '" + name + "' is running");
        assertThat(Lab.namespaces(name)).hasSize(5);
    }

    /** Its own lab, whose state file is lost as in a crash: the prefix sweep still removes everything. */
    @Test void teardownAfterACrashLeavesNothing() throws Exception {
        String other = name + "c";
        Lab second = new Lab(runDir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        LabState s = second.up(new Lab.UpOptions(SEED, Map.of(), "ap-northeast-1", other, false, false));
        long checkip = s.processes().getFirst().pid();
        assertThat(ProcessHandle.of(checkip)).isPresent();
        Files.delete(LabState.file(runDir, other)); // the crash: the state file is lost
        second.down(other);
        assertThat(Lab.namespaces(other)).isEmpty();
        assertThat(ProcessHandle.of(checkip).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        try (var etc = Files.list(Path.of("/etc/netns"))) {
            assertThat(etc.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("tm" + other + "-"));
        }
        assertThat(runDir.resolve(other)).doesNotExist();
        assertThat(sh("nft", "list", "ruleset").out).isEqualTo(rootRulesetBefore);
    }

    private long aclImplicitDenies() throws Exception {
        String vpc = state.namespaces().stream().filter(n -> n.endsWith("-vpc1")).findFirst().orElseThrow();
        String chain = sh("ip", "netns", "exec", vpc, "nft", "list", "chain", "inet", "tmnacl", "s1_in").out;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("counter packets (\\d+) bytes \\d+ drop comment \"rule \\*\"").matcher(chain);
        assertThat(m.find()).as(chain).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** A TCP server in an instance that greets every connection with "banner". */
    private final class Server implements AutoCloseable {
        final Process process;

        Server(InstanceRecord instance, String port) throws Exception {
            process = new ProcessBuilder("ip", "netns", "exec", instance.namespace(), "ncat", "-l", "-k", port, "--sh-exec", "echo banner")
                    .redirectErrorStream(true).start();
            for (int i = 0; i < 100 && !exec(instance, "ss", "-Hltn", "sport", "=", ":" + port).out.contains(":" + port); i++) Thread.sleep(20);
        }

        @Override public void close() throws Exception {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private Result fromInternet(String... argv) throws Exception {
        String inet = state.namespaces().stream().filter(n -> n.endsWith("-inet")).findFirst().orElseThrow();
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", inet));
        command.addAll(List.of(argv));
        return sh(command.toArray(String[]::new));
    }

    private Result exec(InstanceRecord instance, String... argv) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", instance.namespace()));
        command.addAll(List.of(argv));
        return sh(command.toArray(String[]::new));
    }

    record Result(int code, String out) {}

    static Result sh(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Result(p.exitValue(), out);
    }
}
