package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.trafficmirror.api.AccessKeys;
import net.trafficmirror.api.ApiServer;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.SessionRequest;
import net.trafficmirror.mirror.TargetRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tmirror collector --api}: the VNI → session names come from the control plane, so the decapsulated frames
 * of VNI 7348185 land in the files of the session the API calls "seed-session".
 */
class CollectorApiTest {
    static final String KEY = "AKIDCOLLECTORTEST", SECRET = "collector-test-secret";

    @TempDir Path dir;

    @Test void sessionNamesComeFromTheApi() throws Exception {
        byte[] frame = firstTcpFrame();
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        Path out = Files.createDirectory(dir.resolve("files"));
        try (ApiServer api = ApiServer.start(new ApiServer.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir.resolve("api.db"),
                AccessKeys.of(KEY, SECRET), null, ApiServer.Options.DEFAULT_OWNER_ID, Quotas.AWS), new SimpleMeterRegistry(), Clock.systemUTC())) {
            api.apply(r -> {
                r.registerNetworkInterface(new NetworkInterface("eni-0a1b2c3d4e5f60718", "client01", "eth0",
                        List.of(Cidr.parseAddress("10.100.0.141")), List.of(), null, null, null, null, Map.of()));
                r.registerNetworkInterface(new NetworkInterface("eni-0a1b2c3d4e5f60719", "client02", "eth0",
                        List.of(InetAddress.getLoopbackAddress()), List.of(), null, null, null, null, Map.of()));
                String t = r.createTarget(new TargetRequest("eni-0a1b2c3d4e5f60719", null, null, null, null, port, null, Map.of())).id();
                String f = r.createFilter(null, Map.of()).id();
                return r.createSession(new SessionRequest("eni-0a1b2c3d4e5f60718", t, f, 1, 7348185, null, "seed-session", Map.of()));
            });
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), Tmirror.class.getName(), "collector", "--listen", "127.0.0.1:" + port,
                    "--geneve-port", "0", "-w", out.toString(), "--api", api.endpoint().toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("collector.log").toFile());
            pb.environment().put("TMIRROR_ACCESS_KEY_ID", KEY);
            pb.environment().put("TMIRROR_SECRET_ACCESS_KEY", SECRET);
            Process collector = pb.start();
            try {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!Files.readString(dir.resolve("collector.log")).contains("listening on") && System.nanoTime() < deadline) Thread.sleep(100);
                assertThat(Files.readString(dir.resolve("collector.log"))).contains("session names from " + api.endpoint());
                Thread.sleep(1000); // the first state arrives at once; give the follower a moment on a busy machine
                byte[] vxlan = new byte[8 + frame.length];
                vxlan[0] = 0x08;
                vxlan[4] = (byte) (7348185 >> 16);
                vxlan[5] = (byte) (7348185 >> 8);
                vxlan[6] = (byte) 7348185;
                System.arraycopy(frame, 0, vxlan, 8, frame.length);
                try (DatagramSocket sender = new DatagramSocket()) {
                    sender.send(new DatagramPacket(vxlan, vxlan.length, InetAddress.getLoopbackAddress(), port));
                }
                Thread.sleep(1500); // files are flushed at least every second
            } finally {
                collector.destroy(); // SIGTERM: flushes and exits
                collector.waitFor(20, TimeUnit.SECONDS);
                collector.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("collector.log"));
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString())).as(log).anyMatch(n -> n.startsWith("seed-session"));
            }
        }
    }

    /** The first TCP frame (the SYN) of the lab's capture of Client01. */
    private byte[] firstTcpFrame() throws Exception {
        byte[] pcap;
        try (InputStream in = getClass().getResourceAsStream("/net/trafficmirror/lab/demo-client01.pcap")) {
            pcap = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        int at = 24;
        while (at + 16 <= pcap.length) {
            int caplen = b.getInt(at + 8);
            byte[] frame = java.util.Arrays.copyOfRange(pcap, at + 16, at + 16 + caplen);
            if (caplen > 34 && frame[12] == 0x08 && frame[13] == 0x00 && frame[23] == 6) return frame;
            at += 16 + caplen;
        }
        throw new AssertionError("no TCP frame in the capture");
    }
}
