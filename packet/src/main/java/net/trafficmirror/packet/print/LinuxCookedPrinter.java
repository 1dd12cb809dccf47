package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Linux cooked captures, as {@code print-sll.c} of tcpdump 4.99.3: SLL ({@code sll_if_print()}) prints nothing of
 * its header without -e; SLL2 ({@code sll2_if_print()}) always starts with the interface name and direction
 * ({@code "%-5s %-3s "}), the name resolved on this host like tcpdump's if_indextoname().
 *
 * <pre>
 * SLL (16 bytes):  packet type (2) | ARPHRD type (2) | address length (2) | address (8) | protocol (2)
 * SLL2 (20 bytes): protocol (2) | reserved (2) | ifindex (4) | ARPHRD type (2) | packet type (1)
 *                  | address length (1) | address (8)
 * </pre>
 */
final class LinuxCookedPrinter {
    static final int SLL_PKTTYPE = 0, SLL_HALEN = 4, SLL_ADDR = 6, SLL_PROTOCOL = 14, SLL_HEADER = 16;
    static final int SLL2_PROTOCOL = 0, SLL2_IFINDEX = 4, SLL2_PKTTYPE = 10, SLL2_HALEN = 11, SLL2_ADDR = 12,
            SLL2_HEADER = 20;

    private static final int NAME_CACHE = 4096;
    private static final String[] IF_NAMES = new String[NAME_CACHE];

    private LinuxCookedPrinter() {}

    static int sll(PrintContext ctx, byte[] b, int p, int end, int length) {
        if (end - p < SLL_HEADER) {
            ctx.truncatedJump("sll");
            return end - p;
        }
        boolean e = ctx.options.linkHeader;
        TextSink out = ctx.out;
        int type = u16(b, p + SLL_PROTOCOL);
        if (e) {
            header(ctx, b, p + SLL_PKTTYPE, p + SLL_ADDR, u16(b, p + SLL_HALEN), type, length, out);
        }
        int hdr = SLL_HEADER;
        int q = p + SLL_HEADER;
        if (type > 1500 && ctx.etherType(type, b, q, end, length - SLL_HEADER)) {
            return hdr;
        }
        if (!e) {
            header(ctx, b, p + SLL_PKTTYPE, p + SLL_ADDR, u16(b, p + SLL_HALEN), type, length, out);
        }
        if (ctx.defaultPrint()) {
            HexDump.print(b, q, end - q, true, out);
        }
        return hdr;
    }

    static int sll2(PrintContext ctx, byte[] b, int p, int end, int length) {
        if (end - p < SLL2_HEADER) {
            ctx.truncatedJump("sll2");
            return end - p;
        }
        TextSink out = ctx.out;
        int start = out.length();
        interfaceName(u32(b, p + SLL2_IFINDEX), out);
        for (int n = out.length() - start; n < 5; n++) {
            out.append(' ');
        }
        out.append(' ');
        start = out.length();
        out.append(packetType(u8(b, p + SLL2_PKTTYPE)));
        for (int n = out.length() - start; n < 3; n++) {
            out.append(' ');
        }
        out.append(' ');
        boolean e = ctx.options.linkHeader;
        int type = u16(b, p + SLL2_PROTOCOL);
        if (e) {
            out.append("ifindex ").appendDecimal(u32(b, p + SLL2_IFINDEX)).append(' ');
            cookedTail(ctx, b, p + SLL2_ADDR, u8(b, p + SLL2_HALEN), type, length, out);
        }
        int q = p + SLL2_HEADER;
        if (type > 1500 && ctx.etherType(type, b, q, end, length - SLL2_HEADER)) {
            return SLL2_HEADER;
        }
        if (!e) {
            out.append("ifindex ").appendDecimal(u32(b, p + SLL2_IFINDEX)).append(' ');
            cookedTail(ctx, b, p + SLL2_ADDR, u8(b, p + SLL2_HALEN), type, length, out);
        }
        if (ctx.defaultPrint()) {
            HexDump.print(b, q, end - q, true, out);
        }
        return SLL2_HEADER;
    }

    private static void header(PrintContext ctx, byte[] b, int pktTypeAt, int addr, int halen, int type, int length,
            TextSink out) {
        String packetType = packetType(u16(b, pktTypeAt));
        for (int n = packetType.length(); n < 3; n++) {
            out.append(' '); // "%3s": right-aligned
        }
        out.append(packetType).append(' ');
        cookedTail(ctx, b, addr, halen, type, length, out);
    }

    private static void cookedTail(PrintContext ctx, byte[] b, int addr, int halen, int type, int length,
            TextSink out) {
        if (halen == 6) {
            ctx.mac(b, addr);
            out.append(' ');
        }
        if (!ctx.options.quiet) {
            if (type <= 1500) {
                out.append(type == 1 ? "802.3" : type == 4 ? "802.2" : "ethertype Unknown (0x");
                if (type != 1 && type != 4) {
                    out.appendHex(type, 4).append(')');
                }
            } else {
                String name = EtherPrinter.name(type);
                out.append("ethertype ").append(name == null ? "Unknown" : name)
                        .append(" (0x").appendHex(type, 4).append(')');
            }
            out.append(", length ").appendDecimal(length).append(": ");
        }
    }

    private static String packetType(int t) {
        return switch (t) {
            case 0 -> "In";
            case 1 -> "B";
            case 2 -> "M";
            case 3 -> "P";
            case 4 -> "Out";
            default -> "?";
        };
    }

    /**
     * if_indextoname() on this host. The names are read once from /sys/class/net (which, unlike
     * java.net.NetworkInterface, lists interfaces without addresses too) and cached.
     */
    private static void interfaceName(long index, TextSink out) {
        if (!namesLoaded) {
            loadNames();
        }
        String name = index > 0 && index < NAME_CACHE ? IF_NAMES[(int) index] : null;
        out.append(name == null ? "?" : name);
    }

    private static boolean namesLoaded;

    private static void loadNames() {
        namesLoaded = true;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/sys/class/net"))) {
            for (Path dir : dirs) {
                try {
                    int index = Integer.parseInt(Files.readString(dir.resolve("ifindex")).trim());
                    if (index > 0 && index < NAME_CACHE) {
                        IF_NAMES[index] = dir.getFileName().toString();
                    }
                } catch (IOException | NumberFormatException e) {
                    // an interface that vanished or has no index: tcpdump would print "?" for it too
                }
            }
        } catch (IOException e) {
            // no sysfs: every index prints as "?"
        }
    }
}
