package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.api.AccessKeys;
import net.trafficmirror.api.ApiServer;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.FilterRuleRequest;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.SessionRequest;
import net.trafficmirror.mirror.TargetRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tmirror agent --api}: the agent takes its sessions from the control plane. The lab's capture of Client01
 * during the seed's curl is replayed (unprivileged) as the registered Client01 interface, and the VXLAN for the
 * session configured through the API arrives at the target with the session's VNI.
 */
class AgentApiTest {
    static final String KEY = "AKIDAGENTTEST", SECRET = "agent-test-secret";
    static final String CLIENT01 = "eni-0a1b2c3d4e5f60718", COLLECTOR = "eni-0a1b2c3d4e5f60719";

    @TempDir Path dir;

    @Test void aLiveDeviceRegistersWithItsKernelFacts() throws Exception {
        try (ApiServer api = ApiServer.start(new ApiServer.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir.resolve("lo.db"),
                AccessKeys.of(KEY, SECRET), null, ApiServer.Options.DEFAULT_OWNER_ID, Quotas.AWS), new SimpleMeterRegistry(), Clock.systemUTC());
             var client = new net.trafficmirror.api.ControlPlaneClient(api.endpoint(), KEY, SECRET, null)) {
            String id = ApiConnection.register(client, "lo", "tmtest-host", null);
            NetworkInterface lo = api.state().networkInterfaces().get(id);
            assertThat(lo.host()).isEqualTo("tmtest-host");
            assertThat(lo.interfaceName()).isEqualTo("lo");
            assertThat(lo.ipv4Addresses()).containsExactly(InetAddress.getByName("127.0.0.1"));
            // Registering again (an agent restarting) keeps the eni- id its sessions point at.
            assertThat(ApiConnection.register(client, "lo", "tmtest-host", null)).isEqualTo(id);
        }
    }

    @Test void replayFollowsTheSessionsOfTheApi() throws Exception {
        Path capture = dir.resolve("client01.pcap");
        try (InputStream in = getClass().getResourceAsStream("/net/trafficmirror/lab/demo-client01.pcap")) {
            Files.copy(in, capture);
        }
        try (DatagramSocket target = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             ApiServer api = ApiServer.start(new ApiServer.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir.resolve("api.db"),
                     AccessKeys.of(KEY, SECRET), null, ApiServer.Options.DEFAULT_OWNER_ID, Quotas.AWS), new SimpleMeterRegistry(), Clock.systemUTC())) {
            int vni = api.apply(r -> {
                r.registerNetworkInterface(new NetworkInterface(CLIENT01, "client01", "eth0", List.of(Cidr.parseAddress("10.100.0.141")), List.of(),
                        "02:47:97:e9:65:92", null, null, null, Map.of()));
                r.registerNetworkInterface(new NetworkInterface(COLLECTOR, "client02", "eth0", List.of(InetAddress.getLoopbackAddress()), List.of(),
                        null, null, null, null, Map.of()));
                String t = r.createTarget(new TargetRequest(COLLECTOR, null, null, "collector", null, target.getLocalPort(), null, Map.of())).id();
                String f = r.createFilter("tcp both ways", Map.of()).id();
                for (String direction : List.of("ingress", "egress")) {
                    r.createFilterRule(new FilterRuleRequest(f, direction, 100, "accept", 6, "0.0.0.0/0", "0.0.0.0/0",
                            null, null, null, null, null, Map.of()));
                }
                return r.createSession(new SessionRequest(CLIENT01, t, f, 1, 7348185, null, "seed", Map.of())).vni();
            });

            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), Tmirror.class.getName(), "agent", "--replay", capture.toString(),
                    "--api", api.endpoint().toString(), "--eni", CLIENT01).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
            pb.environment().put("TMIRROR_ACCESS_KEY_ID", KEY);
            pb.environment().put("TMIRROR_SECRET_ACCESS_KEY", SECRET);
            Process agent = pb.start();
            List<Integer> vnis = new ArrayList<>();
            try {
                target.setSoTimeout(15_000);
                byte[] buf = new byte[65536];
                while (vnis.size() < 10) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        target.receive(p);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    assertThat(buf[0]).as("VXLAN flags: I").isEqualTo((byte) 0x08);
                    vnis.add((buf[4] & 0xff) << 16 | (buf[5] & 0xff) << 8 | (buf[6] & 0xff));
                }
                assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                agent.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("agent.log"));
            assertThat(vnis).as(log).hasSize(10).containsOnly(vni); // the ten TCP packets; the two ARP are never mirrored
            assertThat(log).contains("as " + CLIENT01).contains("vni 7348185");
            assertThat(agent.exitValue()).as(log).isZero();
        }
    }
}
