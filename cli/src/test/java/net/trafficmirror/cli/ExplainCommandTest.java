package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.io.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tmirror explain} on the seed's configuration (examples/seed-mirror.yaml) and a capture of Client01's
 * traffic: the documented text form (up to the packet summary, which is the printer's), the JSON form, and the
 * one-line errors.
 */
class ExplainCommandTest {
    static final Path SEED = Path.of("..", "examples", "seed-mirror.yaml");
    static final byte[] CLIENT01 = {10, 100, 0, (byte) 223}, CHECKIP = {18, (byte) 209, (byte) 184, (byte) 162},
            RESOLVER = {10, 100, 0, 2}, IMDS = {(byte) 169, (byte) 254, (byte) 169, (byte) 254}, OTHER = {10, 100, 0, 50};

    @TempDir Path dir;

    Path capture() throws Exception {
        Path f = dir.resolve("client01.pcap");
        try (OutputStream os = Files.newOutputStream(f)) {
            PcapWriter w = new PcapWriter(os, LinkType.ETHERNET, 262144, false);
            List<byte[]> frames = List.of(
                    ip(6, CLIENT01, 33962, CHECKIP, 80, 20),   // 1 the HTTP request's SYN, outbound
                    ip(6, CHECKIP, 80, CLIENT01, 33962, 20),   // 2 SYN-ACK, inbound
                    ip(17, CLIENT01, 40000, RESOLVER, 53, 8),  // 3 DNS query to VPC base + 2
                    ip(6, CLIENT01, 40001, IMDS, 80, 20),      // 4 instance metadata
                    arp(),                                     // 5 ARP who-has 10.100.0.1 tell Client01
                    ip(6, OTHER, 1, CHECKIP, 2, 20));          // 6 neither ours
            long t = 1_700_000_000L;
            for (byte[] fr : frames) w.write(t++, 0, fr, 0, fr.length, fr.length);
            w.flush();
        }
        return f;
    }

    @Test void textFormExplainsEveryPacket() throws Exception {
        InProcess.Run r = InProcess.run("explain", "--config", SEED.toString(), "-r", capture().toString(), "--interface", "eth0");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        List<String> decisions = r.out().lines().map(l -> l.substring(0, l.indexOf(" | "))).toList();
        assertThat(decisions).containsExactly(
                "1 egress not-mirrored not-accepted; session 1 tms-00000000000000001 rejected rule 100 tmfr-00000000000000002",
                "2 ingress mirrored session 1 tms-00000000000000001 rule 100 tmfr-00000000000000001 vni 7348185 length 54/54",
                "3 egress not-mirrored amazon-dns-not-enabled; session 1 tms-00000000000000001 amazon-dns-not-enabled",
                "4 egress not-mirrored never-mirrored instance-metadata",
                "5 egress not-mirrored never-mirrored arp",
                "6 - not-mirrored unknown-direction");
    }

    /** The text after " | " is the packet as the real tcpdump prints it with -n -t. */
    @Test void packetSummariesAreTcpdumpLines() throws Exception {
        Path cap = capture();
        Process tcpdump;
        try {
            tcpdump = new ProcessBuilder("tcpdump", "-n", "-t", "-r", cap.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue("true".equals(System.getenv("CI")), "tcpdump is not installed");
            throw e;
        }
        List<String> expected = new String(tcpdump.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(tcpdump.waitFor()).isZero();
        InProcess.Run r = InProcess.run("explain", "--config", SEED.toString(), "-r", cap.toString(), "--interface", "eth0");
        assertThat(r.out().lines().map(l -> l.substring(l.indexOf(" | ") + 3)).toList()).isEqualTo(expected);
    }

    @Test void jsonFormIsOneObjectPerLine() throws Exception {
        InProcess.Run r = InProcess.run("explain", "--config", SEED.toString(), "-r", capture().toString(), "--interface", "Client01Interface", "--json");
        assertThat(r.exit()).isZero();
        List<JsonNode> lines = r.out().lines().map(l -> {
            try {
                return new ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertThat(lines).hasSize(6);
        JsonNode synAck = lines.get(1);
        assertThat(synAck.get("mirrored").asBoolean()).isTrue();
        assertThat(synAck.get("vni").asInt()).isEqualTo(7348185);
        assertThat(synAck.get("ruleNumber").asInt()).isEqualTo(100);
        assertThat(synAck.get("direction").asText()).isEqualTo("ingress");
        assertThat(lines.get(0).get("sessions").get(0).get("action").asText()).isEqualTo("reject");
        assertThat(lines.get(3).get("packetClass").asText()).isEqualTo("instance-metadata");
        assertThat(lines.get(5).get("direction").isNull()).isTrue();
    }

    @Test void optionsChangeTheDecision() throws Exception {
        InProcess.Run byAddress = InProcess.run("explain", "--config", SEED.toString(), "-r", capture().toString(), "--interface", "10.100.0.223");
        assertThat(byAddress.out().lines().toList().get(1)).startsWith("2 ingress mirrored session 1");
        InProcess.Run r = InProcess.run("explain", "--config", SEED.toString(), "-r", capture().toString(), "--interface", "eth0", "--host", "client01",
                "--direction", "ingress", "--mirror-everything", "--resolver", "10.100.0.99");
        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(2)).startsWith("3 ingress mirrored session 1");
        assertThat(lines.get(3)).startsWith("4 ingress mirrored session 1");
        assertThat(lines.get(4)).startsWith("5 ingress not-mirrored not-accepted; session 1 tms-00000000000000001 no-matching-rule");
    }

    @Test void mistakesAreOneLine() throws Exception {
        Path cap = capture();
        Path bad = dir.resolve("sessions.yaml");
        Files.writeString(bad, Files.readString(SEED).replace("SessionNumber: 1", "SessionNumber: 40000"));
        InProcess.Run r = InProcess.run("explain", "--config", bad.toString(), "-r", cap.toString(), "--interface", "eth0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("tmirror: " + bad + ":94: Resources.SeedSession.Properties.SessionNumber: 40000 is out of range 1-32766\n");

        r = InProcess.run("explain", "--config", SEED.toString(), "-r", cap.toString(), "--interface", "eth9");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("tmirror: " + SEED + ": no network interface 'eth9'; the file has: Client01Interface (client01 eth0), Client02Interface (client02 eth0)\n");

        r = InProcess.run("explain", "--config", SEED.toString(), "-r", dir.resolve("missing.pcap").toString(), "--interface", "eth0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("tmirror: " + dir.resolve("missing.pcap") + ": No such file or directory\n");

        r = InProcess.run("explain", "--config", SEED.toString(), "-r", cap.toString(), "--interface", "eth0", "--direction", "sideways");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    static byte[] ip(int proto, byte[] src, int sp, byte[] dst, int dp, int l4) {
        byte[] f = new byte[14 + 20 + l4];
        f[12] = 0x08;
        f[14] = 0x45; f[16] = 0; f[17] = (byte) (20 + l4); f[22] = 64; f[23] = (byte) proto;
        System.arraycopy(src, 0, f, 26, 4);
        System.arraycopy(dst, 0, f, 30, 4);
        f[34] = (byte) (sp >> 8); f[35] = (byte) sp; f[36] = (byte) (dp >> 8); f[37] = (byte) dp;
        if (l4 == 20) { f[46] = 0x50; f[47] = 0x02; } else { f[39] = 8; }
        return f;
    }

    static byte[] arp() {
        byte[] f = new byte[42];
        Arrays.fill(f, 0, 6, (byte) 0xff);
        f[6] = 2; f[11] = 1;
        f[12] = 0x08; f[13] = 0x06;
        f[15] = 1; f[16] = 0x08; f[18] = 6; f[19] = 4; f[21] = 1;
        f[22] = 2; f[27] = 1;
        System.arraycopy(CLIENT01, 0, f, 28, 4);
        System.arraycopy(new byte[] {10, 100, 0, 1}, 0, f, 38, 4);
        return f;
    }
}
