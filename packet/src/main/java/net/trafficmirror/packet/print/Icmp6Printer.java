package net.trafficmirror.packet.print;

final class Icmp6Printer {
    private final PrintContext ctx;

    Icmp6Printer(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
