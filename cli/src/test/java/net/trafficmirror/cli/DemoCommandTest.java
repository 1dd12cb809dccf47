package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.trafficmirror.lab.Demo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tmirror demo}, both ways: live (root: lab, control plane, agent, collector, curl; the real tcpdump on
 * Client02 must show the session's VNI and the curl's packets, the collector must count the same packets, and
 * nothing of the lab may remain; stopped by SIGTERM halfway, it removes the lab and exits 0) and replayed over
 * loopback from the bundled capture (any machine).
 */
class DemoCommandTest {
    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Tmirror.execute(args)).as(out.toString(StandardCharsets.UTF_8)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Tag("netns")
    @Test void liveDemoShowsTheCurlOnClient02AndLeavesNothing() throws Exception {
        if (!"true".equals(System.getenv("CI"))) Assumptions.assumeTrue(Demo.canRunLive(), "needs root on Linux");
        String text = run("demo");
        Matcher vni = Pattern.compile("-> tms-[0-9a-f]{17} \\(VNI (\\d+)\\)").matcher(text);
        assertThat(vni.find()).as(text).isTrue();
        Matcher c1 = Pattern.compile("Client01: i-[0-9a-f]{17}, eni-[0-9a-f]{17}, private (\\S+), public (\\S+),").matcher(text);
        assertThat(c1.find()).as(text).isTrue();
        assertThat(text).contains("4. Client01$ curl checkip.amazonaws.com\n   " + c1.group(2) + "\n");
        // The real tcpdump on Client02: the seed's outer line with this session's VNI, and the curl's SYN inside.
        assertThat(text).containsPattern("IP " + Pattern.quote(c1.group(1)) + "\\.\\d+ > \\S+\\.4789: VXLAN, flags \\[I\\] \\(0x08\\), vni " + vni.group(1) + "\n")
                .containsPattern("IP " + Pattern.quote(c1.group(1)) + "\\.\\d+ > 198\\.51\\.100\\.80\\.80: Flags \\[S\\]");
        Matcher captured = Pattern.compile("(\\d+) packets captured").matcher(text);
        assertThat(captured.find()).isTrue();
        assertThat(text).contains("session tms-").contains(" (vni " + vni.group(1) + "): " + captured.group(1) + " packets");
        assertThat(Path.of("/run/netns/tm" + Demo.LAB + "-client01")).doesNotExist();
        assertThat(Files.exists(Path.of("/run/tmirror/labs", Demo.LAB + ".json"))).isFalse();
    }

    /** SIGTERM while the agent and collector run: the demo tears the lab down and exits 0. */
    @Tag("netns")
    @Test void sigtermTearsTheLiveDemoDownAndExits0(@TempDir Path dir) throws Exception {
        if (!"true".equals(System.getenv("CI"))) Assumptions.assumeTrue(Demo.canRunLive(), "needs root on Linux");
        Process demo = new ProcessBuilder(CollectorNetnsTest.tmirror("demo")).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        try {
            NamespacePair.awaitText(dir.resolve("out.txt"), "3. Monitor on Client02", demo);
            assertThat(NamespacePair.terminate(demo)).as(Files.readString(dir.resolve("err.txt"))).isZero();
        } finally {
            demo.destroyForcibly();
        }
        assertThat(Files.readString(dir.resolve("err.txt"))).endsWith("tmirror: stopped by SIGTERM; lab " + Demo.LAB + " removed\n");
        assertThat(Files.readString(dir.resolve("out.txt"))).doesNotContain("4. Client01$");
        assertThat(Path.of("/run/netns/tm" + Demo.LAB + "-client01")).doesNotExist();
        assertThat(Files.exists(Path.of("/run/tmirror/labs", Demo.LAB + ".json"))).isFalse();
    }

    @Test void replayTellsTheSameStoryOverLoopback() {
        String text = run("demo", "--replay");
        assertThat(text).contains("replaying a capture of the live demo").contains("aws ec2 create-traffic-mirror-session");
        // The bundled capture: 12 frames on Client01's eth0, 2 of them ARP, which AWS never mirrors.
        assertThat(text).containsPattern("session tms-[0-9a-f]{17} \\(vni \\d+\\): 10 packets");
    }
}
