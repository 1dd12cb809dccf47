package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.lab.Lab;
import net.trafficmirror.lab.LabState;
import net.trafficmirror.lab.LabState.InstanceRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code tmirror lab} end to end: the seed template with its mirroring step as resources
 * (examples/vpc-two-instances-mirrored.yaml). The lab starts the real agent on Client01 and the real collector on
 * Client02; the seed's curl on Client01 then arrives on Client02 as VXLAN with the session's VNI, as the real
 * tcpdump on Client02 prints it. Also the CLI's one-line errors and the exec/outputs/down subcommands.
 */
@Tag("netns")
class LabCommandTest {
    @Test void mirroredSeedTemplateDeliversTheCurlToClient02() throws Exception {
        if (!"true".equals(System.getenv("CI"))) Assumptions.assumeTrue(Lab.isRoot(), "needs root for network namespaces");
        String name = "tc" + ThreadLocalRandom.current().nextInt(10000, 99999);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Tmirror.execute("lab", "up", "../examples/vpc-two-instances-mirrored.yaml", "--name", name)).isZero();
            LabState state = new Lab(System.out).state(name);
            InstanceRecord c1 = state.instance("Client01").orElseThrow(), c2 = state.instance("Client02").orElseThrow();
            assertThat(state.processes()).extracting(LabState.ProcessRecord::role)
                    .containsExactly("services", "collector-Client02", "agent-Client01");
            Path config = Path.of("/run/tmirror/labs", name, "mirror.yaml");
            String vni = Files.readAllLines(config).stream().filter(l -> l.contains("VirtualNetworkId:")).findFirst().orElseThrow()
                    .replaceAll("\\D", "");

            Path seen = Files.createTempFile("tmlab-c2", ".txt");
            Process tcpdump = new ProcessBuilder("ip", "netns", "exec", c2.namespace(), "tcpdump", "-i", "eth0", "-n", "-l",
                    "--immediate-mode", "udp", "port", "4789").redirectErrorStream(true).redirectOutput(seen.toFile()).start();
            for (int i = 0; i < 250 && !Files.readString(seen).contains("listening on"); i++) Thread.sleep(20);
            assertThat(Tmirror.execute("lab", "exec", "--name", name, "Client01", "--", "curl", "-sS", "-m", "5", "-o", "/dev/null",
                    "checkip.amazonaws.com")).isZero();
            Thread.sleep(1000);
            tcpdump.destroy();
            tcpdump.waitFor(5, TimeUnit.SECONDS);
            String text = Files.readString(seen);
            Files.delete(seen);
            assertThat(text).contains("IP " + c1.privateIp() + ".").contains(" > " + c2.privateIp() + ".4789: VXLAN, flags [I] (0x08), vni " + vni + "\n")
                    .containsPattern("IP " + c1.privateIp().replace(".", "\\.") + "\\.\\d+ > 198\\.51\\.100\\.80\\.80: Flags \\[S\\]")
                    .containsPattern("IP 198\\.51\\.100\\.80\\.80 > " + c1.privateIp().replace(".", "\\.") + "\\.\\d+: Flags \\[S\\.\\]");

            out.reset();
            assertThat(Tmirror.execute("lab", "outputs", "--name", name)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("IP01\t" + c1.publicIp() + "\t").contains("AZ02\tap-northeast-1c\t");
            assertThat(Tmirror.execute("lab", "exec", "--name", name, "Client02", "--", "false")).isEqualTo(1);
            assertThat(Tmirror.execute("lab", "exec", "--name", name, "Client03", "--", "true")).isEqualTo(1);
        } finally {
            System.setOut(saved);
            Tmirror.execute("lab", "down", "--name", name);
        }
        assertThat(Path.of("/run/netns", "tm" + name + "-client01")).doesNotExist();
    }

    @Test void badTemplateIsOneLineWithFileAndLine() throws Exception {
        Path bad = Files.createTempFile("tmlab", ".yaml");
        Files.writeString(bad, "Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/8}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Tmirror.execute("lab", "up", bad.toString(), "--name", "tcbad");
            if (Lab.isRoot()) {
                assertThat(code).isEqualTo(1);
                assertThat(err.toString(StandardCharsets.UTF_8))
                        .isEqualTo("tmirror: " + bad + ":4: Resources.V.Properties.CidrBlock: a VPC block must be between /16 and /28\n");
            } else {
                assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("tmirror: the lab needs root");
            }
        } finally {
            System.setErr(saved);
            Files.delete(bad);
        }
    }
}
