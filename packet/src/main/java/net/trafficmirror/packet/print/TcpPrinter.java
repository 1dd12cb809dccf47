package net.trafficmirror.packet.print;

final class TcpPrinter {
    private final PrintContext ctx;

    TcpPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
