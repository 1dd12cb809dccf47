package net.trafficmirror.packet.print;

final class GrePrinter {
    private final PrintContext ctx;

    GrePrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
