package net.trafficmirror.packet.print;

final class TextProtocolPrinter {
    private final PrintContext ctx;

    TextProtocolPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
    }
}
