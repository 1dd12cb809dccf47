package net.trafficmirror.collector;

import java.io.IOException;
import java.io.OutputStream;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.print.PrintOptions;
import net.trafficmirror.packet.print.TcpdumpPrinter;
import net.trafficmirror.packet.print.TextSink;

/**
 * Live text in tcpdump's format. By default each datagram is printed as {@code tcpdump -n port 4789} on the target
 * prints it (seed SCENARIO.md: the outer line with the VXLAN header, then the inner packet's line), from outer
 * headers rebuilt by {@link OuterHeaders}; with {@code innerOnly} only the decapsulated frame is printed, as if it
 * had been captured on the source. Output is buffered and flushed whenever the sockets run dry and on every tick,
 * so a terminal sees packets at once and a pipe gets large writes under load.
 */
public final class TcpdumpText implements PacketSink {
    private final TcpdumpPrinter printer;
    private final boolean innerOnly;
    private final OutputStream out;
    private final TextSink text = new TextSink(4096);

    public TcpdumpText(PrintOptions options, boolean innerOnly, OutputStream out) {
        this.printer = new TcpdumpPrinter(options);
        this.innerOnly = innerOnly;
        this.out = out;
    }

    @Override public void accept(TunnelDatagram d) throws IOException {
        if (innerOnly) {
            printer.print(d.seconds, d.nanos, d.buffer, d.frameOffset(), d.frameLength(), d.innerWireLength, LinkType.ETHERNET, text);
            emit();
        } else {
            printOuter(d);
        }
    }

    /** tcpdump on the target prints refused datagrams too ({@code VXLAN (invalid)}, …); so does the outer view. */
    @Override public void acceptMalformed(TunnelDatagram d) throws IOException {
        if (!innerOnly) printOuter(d);
    }

    private void printOuter(TunnelDatagram d) throws IOException {
        int start = d.outerOffset >= 0 ? d.outerOffset : OuterHeaders.build(d);
        int length = d.payloadOffset + d.payloadLength - start;
        printer.print(d.seconds, d.nanos, d.buffer, start, length, length, LinkType.ETHERNET, text);
        emit();
    }

    private void emit() throws IOException {
        text.writeTo(out);
        text.reset();
    }

    @Override public void idle() throws IOException {
        out.flush();
    }

    @Override public void tick(long nowSeconds, int nowNanos) throws IOException {
        out.flush();
    }

    @Override public void close() throws IOException {
        out.flush();
    }
}
