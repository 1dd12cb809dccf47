package net.trafficmirror.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capture files: names, size and clock-aligned rotation, retention by count and age, pcapng per-session interfaces. */
class CaptureFilesTest {
    @TempDir Path dir;

    List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test void rotatesOnClockAlignedBoundariesAndKeepsTheNewestFiles() throws Exception {
        CaptureFiles files = new CaptureFiles(dir, CaptureFiles.Format.PCAP, 0, 60, 2, 0, false, new CollectorCounters());
        MirrorSessionTraffic s = Datagrams.session(7348185, "web");
        byte[] f = TestFrames.udp("10.0.0.1", "10.0.0.2", 1, 2, 10);
        long t0 = 1_795_000_000L - 1_795_000_000L % 60 + 50; // 10 s before a minute boundary
        files.accept(Datagrams.of(s, f, t0, 0));
        files.accept(Datagrams.of(s, f, t0 + 9, 0));
        files.accept(Datagrams.of(s, f, t0 + 10, 0));        // on the boundary: a new file
        files.tick(t0 + 70, 0);                                // boundary passes in silence: closed
        files.accept(Datagrams.of(s, f, t0 + 75, 0));
        files.close();
        List<String> n = names();
        assertThat(n).hasSize(2).allMatch(x -> x.startsWith("web_vni7348185_") && x.endsWith("Z.pcap"));
        assertThat(n.get(0)).isEqualTo("web_vni7348185_" + stamp(t0 + 10) + ".pcap");
        assertThat(n.get(1)).isEqualTo("web_vni7348185_" + stamp(t0 + 75) + ".pcap");
        assertThat(CollectorTest.frames(dir.resolve(n.get(0)))).hasSize(1);
    }

    @Test void rotatesBySizeWithoutSplittingRecords() throws Exception {
        CaptureFiles files = new CaptureFiles(dir, CaptureFiles.Format.PCAP, 1000, 0, 0, 0, false, new CollectorCounters());
        MirrorSessionTraffic s = Datagrams.session(1, "");
        byte[] f = TestFrames.udp("10.0.0.1", "10.0.0.2", 1, 2, 158); // 200-byte frames, 216-byte records
        for (int i = 0; i < 10; i++) files.accept(Datagrams.of(s, f, 1000, i));
        files.close();
        List<String> n = names();
        assertThat(n).containsExactly("tms-1_vni1_19700101T001640Z-1.pcap", "tms-1_vni1_19700101T001640Z-2.pcap",
                "tms-1_vni1_19700101T001640Z.pcap");
        for (String x : n) assertThat(Files.size(dir.resolve(x))).isLessThanOrEqualTo(1000);
        int total = 0;
        for (String x : n) total += CollectorTest.frames(dir.resolve(x)).size();
        assertThat(total).isEqualTo(10);
    }

    @Test void retentionByCountKeepsTheFilesWrittenLast() throws Exception {
        CaptureFiles files = new CaptureFiles(dir, CaptureFiles.Format.PCAP, 500, 0, 2, 0, false, new CollectorCounters());
        MirrorSessionTraffic s = Datagrams.session(1, "x");
        byte[] f = TestFrames.udp("10.0.0.1", "10.0.0.2", 1, 2, 158);
        for (int i = 0; i < 8; i++) files.accept(Datagrams.of(s, f, 1000, i)); // 2 records a file: 4 files
        files.close();
        assertThat(names()).containsExactly("x_vni1_19700101T001640Z-2.pcap", "x_vni1_19700101T001640Z-3.pcap");
    }

    @Test void retentionByAgeDeletesOldFilesOfTheSession() throws Exception {
        Path old = Files.createFile(dir.resolve("db_vni5_20200101T000000Z.pcap"));
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 3 * 86_400_000L));
        Path otherSession = Files.createFile(dir.resolve("web_vni6_20200101T000000Z.pcap"));
        Files.setLastModifiedTime(otherSession, FileTime.fromMillis(0));
        CaptureFiles files = new CaptureFiles(dir, CaptureFiles.Format.PCAP, 0, 60, 0, 86_400, false, new CollectorCounters());
        MirrorSessionTraffic s = Datagrams.session(5, "db");
        byte[] f = TestFrames.udp("10.0.0.1", "10.0.0.2", 1, 2, 10);
        long now = System.currentTimeMillis() / 1000;
        files.accept(Datagrams.of(s, f, now, 0));
        files.accept(Datagrams.of(s, f, now + 60, 0));
        files.close();
        assertThat(Files.exists(old)).isFalse();
        assertThat(Files.exists(otherSession)).isTrue();
    }

    /** tshark shows one interface per session, named after it, with VNI and sender in its description. */
    @Test void pcapngHasAnInterfacePerSessionThatTsharkReads() throws Exception {
        RealTools.requireTool("tshark");
        CaptureFiles files = new CaptureFiles(dir, CaptureFiles.Format.PCAPNG, 0, 0, 0, 0, true, new CollectorCounters());
        MirrorSessionTraffic s = Datagrams.session(7348185, "web");
        byte[] f = TestFrames.tcp("10.100.0.223", "18.209.184.162", 33962, 80, 0x02, 1, 0);
        files.accept(Datagrams.of(s, f, 1_795_000_000L, 123_456_789));
        files.close();
        Path file = dir.resolve(names().getFirst());
        String out = RealTools.run(List.of("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.interface_name",
                "-e", "frame.interface_description", "-e", "frame.time_epoch", "-e", "tcp.srcport"), null, 60);
        assertThat(out.strip()).isEqualTo("web\tmirror session tms-701fd9, VXLAN VNI 7348185, sender 10.100.0.223\t1795000000.123456789\t33962");
    }

    private static String stamp(long epochSecond) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochSecond(epochSecond));
    }
}
