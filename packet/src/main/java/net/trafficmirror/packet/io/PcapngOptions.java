package net.trafficmirror.packet.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Options for a pcapng block (draft-ietf-opsawg-pcapng §3.5): code, value, in the order added; a code may repeat
 * (several {@code opt_comment}s). Built once per interface, never per packet.
 */
public final class PcapngOptions {
    /** opt_comment (§3.5): UTF-8 text, may repeat. */
    public static final int COMMENT = 1;
    /** if_IPv4addr (§4.2): 4 address bytes then 4 netmask bytes. */
    public static final int IF_IPV4ADDR = 4;
    /** if_MACaddr (§4.2): 6 bytes. */
    public static final int IF_MACADDR = 6;
    /** if_filter (§4.2): a type byte (0 = libpcap filter string) then the filter. */
    public static final int IF_FILTER = 11;
    /** if_os (§4.2): UTF-8 text. */
    public static final int IF_OS = 12;

    final List<Integer> codes = new ArrayList<>();
    final List<byte[]> values = new ArrayList<>();

    public PcapngOptions comment(String text) {
        return text(COMMENT, text);
    }

    public PcapngOptions text(int code, String text) {
        return bytes(code, text.getBytes(StandardCharsets.UTF_8));
    }

    public PcapngOptions bytes(int code, byte[] value) {
        if (code <= 0 || code > 0xffff) throw new IllegalArgumentException("pcapng option code out of range: " + code);
        if (value.length > 0xffff) throw new IllegalArgumentException("pcapng option value longer than 65535 bytes");
        codes.add(code);
        values.add(value.clone());
        return this;
    }

    /** Bytes these options take in a block, without the end-of-options marker. */
    int encodedLength() {
        int len = 0;
        for (byte[] v : values) len += 4 + ((v.length + 3) & ~3);
        return len;
    }
}
