package net.trafficmirror.packet.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import net.trafficmirror.packet.io.CaptureFormatException;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.CaptureTruncatedException;
import net.trafficmirror.packet.io.PacketRecord;
import net.trafficmirror.packet.print.PrintOptions;
import net.trafficmirror.packet.print.TcpdumpPrinter;
import net.trafficmirror.packet.print.TextSink;

/**
 * Our side of a comparison: a capture read by {@link CaptureReader} and printed by {@link TcpdumpPrinter}, in
 * process, as {@code tmirror read} does. Keeps where each packet's text starts, so a difference can be reported
 * by packet number.
 *
 * @param text every packet's text, as tcpdump's stdout would hold it
 * @param packetStarts offset in {@code text} where packet i (0-based) starts
 * @param readError the reader's message when it stopped early (truncated or corrupt file), else null
 */
record PrintedCapture(byte[] text, int[] packetStarts, String readError) {

    static PrintedCapture print(Path capture, PrintOptions options) {
        TcpdumpPrinter printer = new TcpdumpPrinter(options);
        TextSink sink = new TextSink();
        PacketRecord r = new PacketRecord();
        int[] starts = new int[64];
        int packets = 0;
        String error = null;
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (reader.next(r)) {
                if (packets == starts.length) starts = Arrays.copyOf(starts, packets * 2);
                starts[packets++] = sink.length();
                printer.print(r.seconds, r.nanos, r.buffer, r.offset, r.caplen, r.wirelen, r.linkType, sink);
            }
        } catch (CaptureTruncatedException e) {
            error = "truncated: " + e.getMessage();
        } catch (CaptureFormatException e) {
            error = "format: " + e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PrintedCapture(sink.toString().getBytes(StandardCharsets.ISO_8859_1), Arrays.copyOf(starts, packets), error);
    }

    /** The 1-based number of the packet whose text holds byte {@code offset}. */
    int packetAt(int offset) {
        int i = Arrays.binarySearch(packetStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }
}
