package net.trafficmirror.packet.print;

/**
 * The organisation names tcpdump 4.99.3 knows for the first three bytes of a MAC address ({@code oui.c:oui_values[]},
 * used by {@code addrtoname.c:etheraddr_string()} without -n). Every other prefix prints as "Unknown".
 */
final class OuiNames {
    private OuiNames() {}

    static String name(int oui) {
        return switch (oui) {
            case 0x000000 -> "Ethernet";
            case 0x00000c -> "Cisco";
            case 0x00005e -> "IANA";
            case 0x000081 -> "Nortel Networks SONMP";
            case 0x0000f8 -> "Cisco bridged";
            case 0x0080c2 -> "Ethernet bridged";
            case 0x00a03e -> "ATM Forum";
            case 0x00e02f -> "DOCSIS Spanning Tree";
            case 0x080007 -> "Appletalk";
            case 0x009069 -> "Juniper";
            case 0x080009 -> "Hewlett-Packard";
            case 0x00120f -> "IEEE 802.3 Private";
            case 0x0012bb -> "ANSI/TIA";
            case 0x001b21 -> "DCBX";
            case 0x002320 -> "Nicira Networks";
            case 0x5c16c7 -> "Big Switch Networks";
            case 0xb0d2f5 -> "Vello Systems";
            case 0x002481 -> "HP";
            case 0x0004ea -> "HP-Labs";
            case 0x748771 -> "Infoblox Inc";
            case 0xa42305 -> "Open Networking Lab";
            case 0x00049f -> "Freescale";
            case 0x0015ad -> "Netronome";
            case 0x001018 -> "Broadcom";
            case 0x00e004 -> "PMC-Sierra";
            default -> "Unknown";
        };
    }
}
