package net.trafficmirror.packet.print;

final class UdpPrinter {
    private final PrintContext ctx;

    UdpPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
