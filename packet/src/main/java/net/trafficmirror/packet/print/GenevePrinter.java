package net.trafficmirror.packet.print;

final class GenevePrinter {
    private final PrintContext ctx;

    GenevePrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
