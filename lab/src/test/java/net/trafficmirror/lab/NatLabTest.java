package net.trafficmirror.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.lab.LabState.InstanceRecord;
import net.trafficmirror.lab.SeedLabTest.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A quick-start shaped template (public and private subnets, NAT gateway, route tables, a group referring to
 * another, an IAM role the lab does not model) brought up for real: the private instance reaches the internet
 * through the NAT gateway's elastic IP, the security groups and route tables hold, UserData runs when asked.
 */
@Tag("netns")
class NatLabTest {
    @Test void privateSubnetReachesTheInternetThroughTheNatGateway() throws Exception {
        SeedLabTest.requireRootOrSkip();
        String name = "tn" + ThreadLocalRandom.current().nextInt(10000, 99999);
        Path runDir = Path.of("/run/tmirror/test-labs");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Lab lab = new Lab(runDir, new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            LabState s = lab.up(new Lab.UpOptions(Path.of("src/test/resources/templates/public-private-nat.yaml"), Map.of(),
                    "eu-west-1", name, false, true));
            InstanceRecord bastion = s.instance("qs-bastion").orElseThrow();
            InstanceRecord app = s.instance("App").orElseThrow();
            String natIp = s.outputs().stream().filter(o -> o.key().equals("NatPublicIp")).findFirst().orElseThrow().value();
            assertThat(app.publicIp()).isNull();
            assertThat(app.availabilityZone()).isEqualTo("eu-west-1b");
            assertThat(app.privateIp()).startsWith("10.0.2.");          // !Select [2, !Cidr [10.0.0.0/16, 4, 8]]
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("AWS::IAM::Role (InstanceRole)");

            assertThat(in(app, "curl", "-sS", "-m", "5", "http://checkip.amazonaws.com/").out()).isEqualTo(natIp + "\n");
            assertThat(in(bastion, "curl", "-sS", "-m", "5", "http://checkip.amazonaws.com/").out()).isEqualTo(bastion.publicIp() + "\n");
            // App's only egress rule is TCP 80.
            assertThat(in(app, "curl", "-sS", "-m", "2", "http://198.51.100.80:8443/").code()).isNotZero();

            Process server = new ProcessBuilder("ip", "netns", "exec", app.namespace(), "ncat", "-l", "-k", "8080", "--sh-exec", "echo app")
                    .redirectErrorStream(true).start();
            try {
                for (int i = 0; i < 100 && !in(app, "ss", "-Hltn").out().contains(":8080"); i++) Thread.sleep(20);
                // The ingress rule names the bastion's group: its member gets in.
                assertThat(in(bastion, "ncat", "-w", "3", "--recv-only", app.privateIp(), "8080").out()).contains("app");
                assertThat(in(app, "ncat", "-w", "2", "--recv-only", app.privateIp(), "8080").out()).contains("app"); // own loopback path
            } finally {
                server.destroy();
                server.waitFor(5, TimeUnit.SECONDS);
            }
            Path log = runDir.resolve(name).resolve("userdata-App.log");
            assertThat(Files.readString(log)).isEqualTo("app in eu-west-1\n");
        } finally {
            lab.down(name);
        }
        assertThat(Lab.namespaces(name)).isEmpty();
    }

    @Test void strictRefusesTypesTheLabDoesNotModelBeforeMakingAnything() throws Exception {
        SeedLabTest.requireRootOrSkip();
        String name = "tx" + ThreadLocalRandom.current().nextInt(10000, 99999);
        Lab lab = new Lab(Path.of("/run/tmirror/test-labs"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path template = Path.of("src/test/resources/templates/public-private-nat.yaml");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lab.up(new Lab.UpOptions(template, Map.of(), "eu-west-1", name, true, false)))
                .isInstanceOf(LabException.class)
                .hasMessage(template + ": resource types the lab does not model (--strict): AWS::IAM::Role (InstanceRole)");
        assertThat(Lab.namespaces(name)).isEmpty();
        assertThat(Path.of("/run/tmirror/test-labs", name + ".lock")).doesNotExist();
    }

    private static Result in(InstanceRecord i, String... argv) throws Exception {
        String[] command = new String[argv.length + 4];
        command[0] = "ip";
        command[1] = "netns";
        command[2] = "exec";
        command[3] = i.namespace();
        System.arraycopy(argv, 0, command, 4, argv.length);
        return SeedLabTest.sh(command);
    }
}
