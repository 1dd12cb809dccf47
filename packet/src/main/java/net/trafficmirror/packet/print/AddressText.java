package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * Address text as tcpdump prints it numerically: IPv4 dotted quad, IPv6 in the form of
 * {@code addrtostr.c:addrtostr6()} (longest run of two or more zero groups becomes {@code ::}, the first run wins a tie,
 * IPv4-compatible and IPv4-mapped addresses end in a dotted quad), and MAC addresses as six colon-separated hex pairs.
 */
final class AddressText {
    private AddressText() {}

    static void ipv4(byte[] b, int i, TextSink out) {
        out.appendDecimal(u8(b, i)).append('.').appendDecimal(u8(b, i + 1)).append('.')
                .appendDecimal(u8(b, i + 2)).append('.').appendDecimal(u8(b, i + 3));
    }

    static void ipv6(byte[] b, int i, TextSink out) {
        int bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
        for (int w = 0; w < 8; w++) {
            if (u16(b, i + 2 * w) == 0) {
                if (curBase == -1) {
                    curBase = w;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        for (int w = 0; w < 8; w++) {
            if (bestBase != -1 && w >= bestBase && w < bestBase + bestLen) {
                if (w == bestBase) {
                    out.append(':');
                }
                continue;
            }
            if (w != 0) {
                out.append(':');
            }
            if (w == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && u16(b, i + 10) == 0xffff))) {
                ipv4(b, i + 12, out);
                return;
            }
            out.appendHex(u16(b, i + 2 * w), 1);
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            out.append(':');
        }
    }

    static void mac(byte[] b, int i, TextSink out) {
        for (int k = 0; k < 6; k++) {
            if (k > 0) {
                out.append(':');
            }
            out.appendHex(u8(b, i + k), 2);
        }
    }
}
