package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * The MACsec SecTAG (IEEE 802.1AE), as {@code print-macsec.c} of tcpdump 4.99.3: its constants and
 * {@code macsec_print_header()}. {@link EtherPrinter} walks the frame around it, as tcpdump's Ethernet printer does.
 *
 * <pre>
 * | TCI (6 bits) AN (2) | short length (1) | packet number (4) | secure channel id (8, if TCI SC) |
 * </pre>
 */
final class MacsecPrinter {
    static final int TCI_VERSION = 0x80, TCI_ES = 0x40, TCI_SC = 0x20, TCI_SCB = 0x10, TCI_E = 0x08, TCI_C = 0x04;
    static final int TCI_CONFIDENTIAL = TCI_E | TCI_C;
    static final int SL_MASK = 0x3f, SECTAG_NO_SCI = 6, SECTAG_SCI = 14, ICV = 16;

    private MacsecPrinter() {}

    /** "an N, pn N, flags F[, sl N][, sci HEX], " for the SecTAG at {@code p}. */
    static void header(byte[] b, int p, int shortLength, TextSink out) {
        int tci = u8(b, p);
        out.append("an ").appendDecimal(tci & 3).append(", pn ").appendDecimal(u32(b, p + 2)).append(", flags ");
        // bittok2str_nosep() in macsec_flag_values[] order
        int flags = tci & (TCI_ES | TCI_SC | TCI_SCB | TCI_E | TCI_C);
        if (flags == 0) {
            out.append("none");
        }
        if ((flags & TCI_E) != 0) {
            out.append('E');
        }
        if ((flags & TCI_C) != 0) {
            out.append('C');
        }
        if ((flags & TCI_ES) != 0) {
            out.append('S');
        }
        if ((flags & TCI_SCB) != 0) {
            out.append('B');
        }
        if ((flags & TCI_SC) != 0) {
            out.append('I');
        }
        if (shortLength != 0) {
            out.append(", sl ").appendDecimal(shortLength);
        }
        if ((tci & TCI_SC) != 0) {
            out.append(", sci ").appendHex(u32(b, p + 6), 8).appendHex(u32(b, p + 10), 8);
        }
        out.append(", ");
    }
}
