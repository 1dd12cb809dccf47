package net.trafficmirror.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.io.PcapWriter;
import net.trafficmirror.packet.print.PrintOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text sink over loopback, compared with the real tcpdump reading the same frames. */
class TextOutputTest {
    @TempDir Path dir;

    @Test void innerTextAndFilter() throws Exception {
        byte[] a = TestFrames.udp("10.0.0.1", "10.0.0.2", 1111, 53, 20);
        byte[] b = TestFrames.tcp("10.0.0.1", "10.0.0.2", 2222, 80, 0x02, 1, 0);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintOptions o = new PrintOptions();
        o.names = PrintOptions.Names.NUMERIC;
        o.timestampMode = 1;
        FrameFilter tcpOnly = (f, off, caplen, wirelen) -> caplen > 23 && f[off + 23] == 6;
        try (RunningCollector c = new RunningCollector(List.of(new TcpdumpText(o, true, text)), null, tcpOnly, Map.of())) {
            c.send("127.0.0.1", c.vxlan, TestFrames.vxlan(1, a), TestFrames.vxlan(1, b));
            c.awaitReceived(2);
            c.stop();
            assertThat(c.counters.filteredOut).isEqualTo(1);
        }
        // What the real tcpdump prints for the frame that passed the filter, read from a file.
        RealTools.requireTool("tcpdump");
        Path expected = dir.resolve("expected.pcap");
        try (var out = Files.newOutputStream(expected)) {
            PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, 262144, false);
            w.write(0, 0, b, 0, b.length, b.length);
            w.flush();
        }
        assertThat(text.toString()).isEqualTo(RealTools.run(List.of("tcpdump", "-r", expected.toString(), "-n", "-t"), null, 30));
    }

}
