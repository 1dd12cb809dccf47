package net.trafficmirror.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.trafficmirror.packet.filter.CaptureFilter;
import net.trafficmirror.packet.filter.FilterSyntaxException;
import net.trafficmirror.packet.io.CaptureFormatException;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;
import net.trafficmirror.packet.io.PcapWriter;
import net.trafficmirror.packet.print.PrintOptions;
import net.trafficmirror.packet.print.TcpdumpPrinter;
import net.trafficmirror.packet.print.TextSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tmirror read}: tcpdump's {@code -r} mode (tcpdump.c 4.99.3). Reads a pcap or pcapng file, keeps the
 * packets the filter expression selects, and prints them as tcpdump prints them, or writes them with {@code -w}.
 * Messages and exit codes follow tcpdump: the {@code reading from file} line on stderr, a truncated file prints
 * every complete packet and then {@code pcap_loop: truncated dump file; ...} with exit code 1.
 */
@Command(name = "read", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read a pcap or pcapng file and print it exactly as tcpdump 4.99.3 does.",
                "Arguments after the options form a capture-filter expression (pcap-filter(7) syntax)."})
public final class ReadCommand implements Callable<Integer> {
    /** Text is written out in chunks of about this size. */
    private static final int FLUSH_AT = 256 * 1024;
    /** Progress is shown for inputs at least this large. */
    private static final long PROGRESS_MIN_BYTES = 64L << 20;

    @Option(names = "-r", paramLabel = "FILE", required = true, description = "pcap or pcapng file to read; - reads standard input")
    String file;

    @Option(names = "-w", paramLabel = "OUT", description = "write the selected packets to OUT as pcap (- for standard output) instead of printing them")
    String writeFile;

    @Option(names = "--print", description = "with -w, also print the packets")
    boolean printToo;

    @Option(names = "-c", paramLabel = "N", description = "stop after N selected packets")
    Long count;

    @Mixin PrinterFlags printerFlags;

    @Parameters(paramLabel = "EXPRESSION", description = "capture filter, e.g. tcp port 80 and host 10.0.0.1")
    List<String> expression = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (count != null && count <= 0) throw new UserError("invalid packet count " + count);
        CaptureFilter filter;
        try {
            filter = CaptureFilter.compile(String.join(" ", expression));
        } catch (FilterSyntaxException e) {
            throw new UserError("filter: " + e.getMessage());
        }
        PrintOptions options = printerFlags.toOptions();
        long size = -1;
        InputStream in;
        if (file.equals("-")) {
            in = new FileInputStream(FileDescriptor.in);
        } else {
            Path p = Path.of(file);
            try {
                in = Files.newInputStream(p);
                if (Files.isRegularFile(p)) size = Files.size(p);
            } catch (NoSuchFileException e) {
                throw new UserError(file + ": No such file or directory");
            } catch (IOException e) {
                throw new UserError(file + ": " + e.getMessage());
            }
        }
        CaptureReader reader;
        try {
            reader = CaptureReader.open(in);
        } catch (CaptureFormatException e) {
            in.close();
            // tcpdump names no file here; our message says what is wrong and at which byte
            throw new UserError(e.getMessage());
        }
        try (reader) {
            System.err.println("reading from file " + file + ", link-type " + ReadLinkTypes.describe(reader.linkType())
                    + ", snapshot length " + reader.snaplen());
            if (reader.linkType() == net.trafficmirror.packet.LinkType.LINUX_SLL2) {
                // tcpdump's warning: SLL2 names interfaces by index, which only this host can resolve
                System.err.println("Warning: interface names might be incorrect");
            }
            return run(reader, filter, options, size);
        }
    }

    private int run(CaptureReader reader, CaptureFilter filter, PrintOptions options, long size) throws IOException {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        boolean print = writeFile == null || printToo;
        PcapWriter writer = null;
        OutputStream writeStream = null;
        if (writeFile != null) {
            try {
                writeStream = writeFile.equals("-") ? stdout : Files.newOutputStream(Path.of(writeFile));
            } catch (IOException e) {
                throw new UserError(writeFile + ": " + e.getMessage());
            }
            // the input's resolution, unless --nano or --micro asks for one (as tcpdump's -w, which writes
            // microseconds unless told --nano)
            boolean nanos = printerFlags.nano || (!printerFlags.micro && reader.nanosecondResolution());
            writer = new PcapWriter(writeStream, reader.linkType(), reader.snaplen(), nanos);
        }
        TcpdumpPrinter printer = print ? new TcpdumpPrinter(options) : null;
        TextSink text = new TextSink(FLUSH_AT + 64 * 1024);
        ReadProgress progress = ReadProgress.start(size, PROGRESS_MIN_BYTES);
        PacketRecord r = new PacketRecord();
        long selected = 0;
        long read = 0;
        String failure = null;
        try {
            while (true) {
                try {
                    if (!reader.next(r)) break;
                } catch (CaptureFormatException e) {
                    failure = "pcap_loop: " + e.getMessage();
                    break;
                } catch (IOException e) {
                    // the input failed (not the output, which the outer catch handles)
                    failure = file + ": " + e.getMessage();
                    break;
                }
                if (progress != null && (++read & 0xffff) == 0) progress.update(reader.position());
                if (!filter.matches(r.buffer, r.offset, r.caplen, r.wirelen, r.linkType)) continue;
                selected++;
                if (writer != null) {
                    if (r.linkType != reader.linkType()) {
                        failure = "pcap_loop: packet at byte " + r.fileOffset + " has link type " + r.linkType
                                + ", but the pcap file being written has link type " + reader.linkType();
                        break;
                    }
                    writer.write(r.seconds, r.nanos, r.buffer, r.offset, r.caplen, r.wirelen);
                }
                if (print) {
                    printer.print(r.seconds, r.nanos, r.buffer, r.offset, r.caplen, r.wirelen, r.linkType, text);
                    if (text.length() >= FLUSH_AT) {
                        text.writeTo(stdout);
                        text.reset();
                    }
                }
                if (count != null && selected >= count) break;
            }
            text.writeTo(stdout);
            text.reset();
            if (writer != null) writer.flush();
            stdout.flush();
            if (writeStream != null && writeStream != stdout) writeStream.close();
        } catch (IOException e) {
            if (isBrokenPipe(e)) {
                // like tcpdump | head: the reader went away, which is not an error worth a message
                return 141;
            }
            throw new UserError((writeFile != null ? writeFile : "standard output") + ": " + e.getMessage());
        } finally {
            if (progress != null) progress.finish();
        }
        if (failure != null) {
            System.err.println("tmirror: " + failure);
            return 1;
        }
        return 0;
    }

    private static boolean isBrokenPipe(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Broken pipe") || m.contains("Stream closed"));
    }
}
