package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 end to end: the seed's step 3 done with the real AWS CLI ({@code aws ec2 ... --endpoint-url}) against
 * {@code tmirror api} running in Client02's namespace, followed live by {@code tmirror agent --api} on Client01 and
 * {@code tmirror collector --capture --api} on Client02, which registered their interfaces themselves. Checked: the
 * CLI finds both enis by address; the curl from Client01 reaches the collector with the session's VNI, exactly as the
 * real tcpdump on Client02 (udp port 4789) sees it; changing the egress rule to reject stops the outbound half within
 * a second while the inbound half keeps coming; deleting the session stops everything within a second; and the agent
 * never mirrors its own long poll to the API, although the filter accepts all TCP (AWS does the same for its own
 * control traffic, see reference/aws-traffic-mirroring.md).
 */
@Tag("netns")
class ControlPlaneEndToEndTest {
    static final String KEY = "AKIDE2ECONTROLPLANE", SECRET = "e2e-control-plane-secret";
    static final int VNI = 4711;
    static final String C1 = NamespacePair.SOURCE_IP, C2 = NamespacePair.TARGET_IP;
    @TempDir Path dir;
    private int nextPort = 40001;
    private String endpoint;

    @Test void awsCliConfiguresAgentAndCollectorLive() throws Exception {
        NamespacePair.requirePrivileges();
        for (String tool : List.of("tcpdump", "curl", "python3", "nft", "aws")) NamespacePair.requireTool(tool);
        try (NamespacePair net = new NamespacePair()) {
            Path www = Files.createDirectories(dir.resolve("www"));
            Files.writeString(www.resolve("index.html"), "203.0.113.7\n");
            net.start(net.target, dir.resolve("http.out"), dir.resolve("http.err"),
                    "python3", "-m", "http.server", "--bind", C2, "--directory", www.toString(), "80");

            Path credentials = dir.resolve("credentials");
            Files.writeString(credentials, "[default]\naws_access_key_id = " + KEY + "\naws_secret_access_key = " + SECRET + "\n");
            Process api = net.start(net.target, dir.resolve("api.out"), dir.resolve("api.err"), CollectorNetnsTest.tmirror(
                    "api", "--listen", C2 + ":0", "--db", dir.resolve("api.db").toString(), "--credentials", credentials.toString())
                    .toArray(String[]::new));
            NamespacePair.awaitText(dir.resolve("api.out"), "tmirror api: serving", api);
            Matcher m = Pattern.compile("at (http://" + Pattern.quote(C2) + ":(\\d+)),").matcher(Files.readString(dir.resolve("api.out")));
            assertThat(m.find()).isTrue();
            endpoint = m.group(1);
            int apiPort = Integer.parseInt(m.group(2));

            Process seen = net.start(net.target, dir.resolve("tcpdump.txt"), dir.resolve("tcpdump.err"),
                    "tcpdump", "-n", "-i", net.targetLink, "udp port 4789");
            NamespacePair.awaitText(dir.resolve("tcpdump.err"), "listening on", seen);
            // Both register their interfaces; started together, as their JVMs take a while on a busy machine.
            Process collector = net.start(net.target, dir.resolve("collector.txt"), dir.resolve("collector.err"), withKeys(CollectorNetnsTest.tmirror(
                    "collector", "--capture", net.targetLink, "--nft-drop", "--api", endpoint, "-n")));
            Process agent = net.start(net.source, dir.resolve("agent.out"), dir.resolve("agent.err"), withKeys(CollectorNetnsTest.tmirror(
                    "agent", "--interface", net.sourceLink, "--api", endpoint)));
            NamespacePair.awaitText(dir.resolve("collector.err"), "listening on", collector);
            NamespacePair.awaitText(dir.resolve("agent.err"), "tmirror agent: capturing", agent);
            assertThat(Files.readString(dir.resolve("agent.err"))).contains("no sessions");

            // "Note each instance's ENI": by address, as the registered interfaces show through the CLI.
            Map<String, String> enis = new TreeMap<>();
            for (String line : aws(net, "describe-network-interfaces", "--filters", "Name=addresses.private-ip-address,Values=" + C1 + "," + C2,
                    "--query", "NetworkInterfaces[].[PrivateIpAddress,NetworkInterfaceId,MacAddress]").split("\n")) {
                String[] f = line.split("\t");
                enis.put(f[0], f[1]);
                assertThat(f[2]).isEqualTo(net.exec(f[0].equals(C1) ? net.source : net.target, "cat",
                        "/sys/class/net/" + (f[0].equals(C1) ? net.sourceLink : net.targetLink) + "/address").strip());
            }
            assertThat(enis).containsOnlyKeys(C1, C2);
            String client01 = enis.get(C1), client02 = enis.get(C2);
            assertThat(List.of(client01, client02)).allMatch(id -> id.matches("eni-[0-9a-f]{17}"));

            String target = aws(net, "create-traffic-mirror-target", "--network-interface-id", client02, "--description", "Client02",
                    "--query", "TrafficMirrorTarget.TrafficMirrorTargetId");
            String filter = aws(net, "create-traffic-mirror-filter", "--description", "tcp both ways", "--query", "TrafficMirrorFilter.TrafficMirrorFilterId");
            List<String> rules = new ArrayList<>();
            for (String direction : List.of("ingress", "egress")) {
                rules.add(aws(net, "create-traffic-mirror-filter-rule", "--traffic-mirror-filter-id", filter, "--traffic-direction", direction,
                        "--rule-number", "100", "--rule-action", "accept", "--protocol", "6", "--source-cidr-block", "0.0.0.0/0",
                        "--destination-cidr-block", "0.0.0.0/0", "--query", "TrafficMirrorFilterRule.TrafficMirrorFilterRuleId"));
            }
            int reloads = occurrences("configuration reloaded: 1 session");
            long asked = System.nanoTime(); // the CLI's own start-up (~0.4 s) comes before its request; reported, not asserted
            String session = aws(net, "create-traffic-mirror-session", "--network-interface-id", client01, "--traffic-mirror-target-id", target,
                    "--traffic-mirror-filter-id", filter, "--session-number", "1", "--virtual-network-id", Integer.toString(VNI),
                    "--query", "TrafficMirrorSession.TrafficMirrorSessionId");
            long created = System.nanoTime();
            awaitAgent("configuration reloaded: 1 session: " + session + " #1 vni " + VNI + " -> " + C2 + ":4789 (" + target + ")", reloads, agent);
            long followed = millisSince(created), followedSinceAsked = millisSince(asked);

            // The curl appears on Client02 with the session's VNI, both ways.
            int first = curl(net);
            awaitCollector(l -> l.startsWith(inbound(first)) && l.contains("HTTP: HTTP/1.0 200 OK"), collector);
            assertThat(collectorLines()).anyMatch(l -> l.startsWith(outbound(first) + " Flags [S]"));

            // Outbound rule to reject: within a second, new curls arrive inbound only.
            aws(net, "modify-traffic-mirror-filter-rule", "--traffic-mirror-filter-rule-id", rules.get(1), "--rule-action", "reject",
                    "--query", "TrafficMirrorFilterRule.RuleAction");
            long modified = System.nanoTime();
            long changed = -1;
            while (changed < 0 && millisSince(modified) < 3000) {
                long start = millisSince(modified);
                int port = curl(net);
                awaitCollector(l -> l.startsWith(inbound(port)) && l.contains("HTTP: HTTP/1.0 200 OK"), collector);
                if (collectorLines().stream().noneMatch(l -> l.startsWith(outbound(port)))) changed = start;
            }
            assertThat(changed).as("outbound mirroring stopped after the modify (ms)").isBetween(0L, 1000L);
            int inboundOnly = curl(net);
            awaitCollector(l -> l.startsWith(inbound(inboundOnly)) && l.contains("HTTP: HTTP/1.0 200 OK"), collector);

            // Deleting the session: within a second the agent has no session, and a new curl sends nothing.
            reloads = occurrences("configuration reloaded: no sessions");
            asked = System.nanoTime();
            aws(net, "delete-traffic-mirror-session", "--traffic-mirror-session-id", session, "--query", "TrafficMirrorSessionId");
            long deleted = System.nanoTime();
            awaitAgent("configuration reloaded: no sessions", reloads, agent);
            long stopped = millisSince(deleted), stoppedSinceAsked = millisSince(asked);
            assertThat(stopped).as("agent dropped the deleted session (ms)").isLessThanOrEqualTo(1000L);
            int last = curl(net);
            Thread.sleep(1200); // the collector flushes at least once a second: what arrived would be printed by now

            assertThat(NamespacePair.terminate(agent)).isZero();
            assertThat(NamespacePair.terminate(collector)).isZero();
            NamespacePair.terminate(seen);
            assertThat(NamespacePair.terminate(api)).isZero();

            List<String> got = CollectorNetnsTest.withoutTimestamps(collectorLines());
            List<String> want = new ArrayList<>(CollectorNetnsTest.withoutTimestamps(Files.readAllLines(dir.resolve("tcpdump.txt"))));
            if (!want.isEmpty() && want.getLast().isEmpty()) want.removeLast(); // tcpdump's newline at a signal
            assertThat(got).as(Files.readString(dir.resolve("collector.err"))).isEqualTo(want);
            List<String> outer = got.stream().filter(l -> l.contains(" > " + C2 + ".4789: VXLAN")).toList();
            assertThat(outer).hasSize(got.size() / 2).allMatch(l -> l.startsWith("IP " + C1 + ".") && l.endsWith(", vni " + VNI));
            assertThat(got).noneMatch(l -> l.startsWith(outbound(inboundOnly)))
                    .noneMatch(l -> l.contains("." + last + " ") || l.contains("." + last + ":"))
                    .as("the agent's control-plane connection is never mirrored")
                    .noneMatch(l -> l.contains(C2 + "." + apiPort + " ") || l.contains(C2 + "." + apiPort + ":"));
            assertThat(Files.readString(dir.resolve("api.err"))).doesNotContain("Exception");
            System.out.printf("ControlPlaneEndToEndTest: after the aws command returned (since it started), the agent followed the new session in "
                    + "%d ms (%d ms), the deletion in %d ms (%d ms); the first curl after the filter change was already inbound-only at %d ms; "
                    + "%d mirrored packets%n", followed, followedSinceAsked, stopped, stoppedSinceAsked, changed, outer.size());
        }
    }

    /** Runs {@code aws ec2 ARGS} in Client02 against the API, with only the test's key; returns its text output. */
    private String aws(NamespacePair net, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("env", "-u", "AWS_PROFILE", "-u", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID=" + KEY,
                "AWS_SECRET_ACCESS_KEY=" + SECRET, "AWS_CONFIG_FILE=" + dir.resolve("no-config"),
                "AWS_SHARED_CREDENTIALS_FILE=" + dir.resolve("no-credentials"), "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=",
                "aws", "ec2"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--endpoint-url", endpoint, "--region", "us-east-1", "--output", "text"));
        return net.exec(net.target, cmd.toArray(String[]::new)).strip();
    }

    /** The agent and the collector take the access key from the environment. */
    private static String[] withKeys(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("env", "TMIRROR_ACCESS_KEY_ID=" + KEY, "TMIRROR_SECRET_ACCESS_KEY=" + SECRET));
        cmd.addAll(command);
        return cmd.toArray(String[]::new);
    }

    /** Fetches the page from Client01 with a fresh local port, so each curl's packets can be told apart. */
    private int curl(NamespacePair net) throws IOException, InterruptedException {
        int port = nextPort++;
        assertThat(net.exec(net.source, "curl", "-s", "--local-port", Integer.toString(port), "http://" + C2 + "/index.html")).isEqualTo("203.0.113.7\n");
        return port;
    }

    private static String outbound(int port) { return "IP " + C1 + "." + port + " > " + C2 + ".80:"; }

    private static String inbound(int port) { return "IP " + C2 + ".80 > " + C1 + "." + port + ":"; }

    private List<String> collectorLines() throws IOException {
        return CollectorNetnsTest.withoutTimestamps(Files.readAllLines(dir.resolve("collector.txt")));
    }

    private void awaitCollector(java.util.function.Predicate<String> line, Process collector) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && collector.isAlive()) {
            if (collectorLines().stream().anyMatch(line)) return;
            Thread.sleep(20);
        }
        fail("the collector did not show the expected packet:\n" + String.join("\n", collectorLines()) + "\n" + Files.readString(dir.resolve("collector.err")));
    }

    /** Waits until the agent has said {@code text} more than {@code before} times (it says so for every new configuration). */
    private void awaitAgent(String text, int before, Process agent) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && agent.isAlive()) {
            if (occurrences(text) > before) return;
            Thread.sleep(10);
        }
        fail("no new '" + text + "' from the agent: " + Files.readString(dir.resolve("agent.err")));
    }

    private int occurrences(String text) throws IOException {
        return (int) Files.readAllLines(dir.resolve("agent.err")).stream().filter(l -> l.contains(text)).count();
    }

    private static long millisSince(long nanos) { return (System.nanoTime() - nanos) / 1_000_000; }
}
