package net.trafficmirror.packet.print;

final class Ip6Printer {
    private final PrintContext ctx;

    Ip6Printer(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
