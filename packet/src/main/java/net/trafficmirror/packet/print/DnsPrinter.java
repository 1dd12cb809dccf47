package net.trafficmirror.packet.print;

final class DnsPrinter {
    private final PrintContext ctx;

    DnsPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
