package net.trafficmirror.packet.print;

final class ArpPrinter {
    private final PrintContext ctx;

    ArpPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
