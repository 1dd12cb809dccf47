package net.trafficmirror.bench;

import java.time.ZoneId;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.print.PrintOptions;
import net.trafficmirror.packet.print.TcpdumpPrinter;
import net.trafficmirror.packet.print.TextSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode + print of one packet as {@code tmirror read} does it ({@link TcpdumpPrinter#print} into a reused
 * {@link TextSink}), over ten frames of shared/testdata/synthetic.pcap: HTTP request and response, SYN with options,
 * ACK with SACK, UDP behind 802.1Q, ICMP echo, ARP, IPv6 SYN, ICMPv6 echo, and VXLAN around a SYN-ACK. The goal is
 * 0 B/op with {@code -prof gc}: the printer must allocate nothing per packet.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PrintBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PrintBenchmark {
    private static final String[] FRAMES = {
        "02000000000b02000000000a08004500005300014000400623840a01010a0a0202149c400050000f4240004c4b40501801f610fc0000"
            + "474554202f696e6465782e68746d6c20485454502f312e310d0a486f73743a206578616d706c650d0a0d0a",
        "02000000000a02000000000b08004500004e00014000400623890a0202140a01010a00509c40004c4b40000f426b501801f6bcf60000"
            + "485454502f312e3120323030204f4b0d0a436f6e74656e742d4c656e6774683a20340d0a0d0a",
        "02000000000b02000000000a08004500003c000140004006239b0a01010a0a0202149c411f900000006f00000000a002faf075c60000"
            + "020405b40402080a000003e80000000001030307",
        "02000000000b02000000000a08004500003400014000400623a30a01010a0a0202149c411f9000000070000000df801001f6a09c0000"
            + "0101050a00000143000001a7",
        "02000000000b02000000000a81006064080045000020000140004011b6c8c0000201c000020204d2162e000c9c0b61626364",
        "02000000000b02000000000a080045000054000140004001b6a4c0000201c00002020800ca80004d00057878787878787878787878"
            + "787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878",
        "ffffffffffff02000000000a0806000108000604000102000000000ac0000201000000000000c0000202000000000000000000000000"
            + "000000000000",
        "02000000000b02000000000a86dd600000000028064020010db800000000000000000000000120010db8000000010000000000000002"
            + "c35001bb0000000700000000a002fd20266f0000020405b40402080a000003e80000000001030307",
        "02000000000b02000000000a86dd60000000000c3a4020010db8000000000000000000000001ff020000000000000000000000000001"
            + "800074200009000170696e67",
        "02000000000b02000000000a08004500006e00014000401124270a6400df0a6400b1ff9712b5005a000008000000701fd90002000000"
            + "000c02000000000d08004500003c000140004006640512d1b8a20a6400df005084aa9a64deaf78731ce0a01268df9bc40000020405b4"
            + "0402080ad3ceb37b10f340f501030308",
    };

    /** The flag sets: tcpdump -nn (the benchmark script's case), no -n (port names, OUI names), -v. */
    @Param({"-nn", "none", "-nn -v"})
    public String flags;

    private byte[][] frames;
    private TcpdumpPrinter printer;
    private TextSink sink;
    private static final long SECOND = 1_700_000_000L;

    @Setup
    public void setUp() {
        frames = new byte[FRAMES.length][];
        for (int i = 0; i < FRAMES.length; i++) {
            frames[i] = HexFormat.of().parseHex(FRAMES[i]);
        }
        PrintOptions options = new PrintOptions();
        options.zone = ZoneId.of("Europe/Berlin");
        options.names = flags.startsWith("-nn") ? PrintOptions.Names.NUMERIC : PrintOptions.Names.NONE;
        options.verbose = flags.endsWith("-v") ? 1 : 0;
        printer = new TcpdumpPrinter(options);
        sink = new TextSink();
    }

    @Benchmark
    @OperationsPerInvocation(10)
    public int printTenPackets() {
        int total = 0;
        for (byte[] f : frames) {
            sink.reset();
            printer.print(SECOND, 123_456_000, f, 0, f.length, f.length, LinkType.ETHERNET, sink);
            total += sink.length();
        }
        return total;
    }
}
