package net.trafficmirror.packet.print;

final class IcmpPrinter {
    private final PrintContext ctx;

    IcmpPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
