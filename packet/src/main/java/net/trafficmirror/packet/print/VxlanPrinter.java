package net.trafficmirror.packet.print;

final class VxlanPrinter {
    private final PrintContext ctx;

    VxlanPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
