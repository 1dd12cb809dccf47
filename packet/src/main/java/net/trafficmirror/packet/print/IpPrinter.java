package net.trafficmirror.packet.print;

final class IpPrinter {
    private final PrintContext ctx;

    IpPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
