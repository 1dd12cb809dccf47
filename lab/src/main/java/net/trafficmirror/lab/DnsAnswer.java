package net.trafficmirror.lab;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;

/**
 * Answers one DNS query from a table of A records, following RFC 1035 §4.1 (header, question, answer with a
 * compression pointer to the question's name). A known name asked for another type gets an empty NOERROR answer
 * (RFC 2308 "NODATA"); an unknown name NXDOMAIN; anything but a standard query with one question NOTIMP/FORMERR.
 */
final class DnsAnswer {
    private static final int TYPE_A = 1, CLASS_IN = 1, TTL = 60;

    private DnsAnswer() {}

    /** The reply to {@code query[0..length)}, or null for a message that is not a query. */
    static byte[] reply(byte[] query, int length, Map<String, byte[]> names) {
        if (length < 12 || (query[2] & 0x80) != 0) return null;
        int opcode = (query[2] >> 3) & 0xf;
        int questions = (query[4] & 0xff) << 8 | query[5] & 0xff;
        StringBuilder name = new StringBuilder();
        int p = 12;
        while (p < length && query[p] != 0) {
            int label = query[p] & 0xff;
            if (label > 63 || p + 1 + label > length) return header(query, 12, 1, false); // FORMERR; no compression in a question
            if (!name.isEmpty()) name.append('.');
            name.append(new String(query, p + 1, label, java.nio.charset.StandardCharsets.US_ASCII));
            p += 1 + label;
        }
        if (opcode != 0) return header(query, 12, 4, false);
        if (questions != 1 || p + 5 > length) return header(query, 12, 1, false);
        int end = p + 5; // the root label, QTYPE, QCLASS
        int qtype = (query[p + 1] & 0xff) << 8 | query[p + 2] & 0xff;
        int qclass = (query[p + 3] & 0xff) << 8 | query[p + 4] & 0xff;
        byte[] address = names.get(name.toString().toLowerCase(Locale.ROOT));
        if (address == null) return header(query, end, 3, true);
        boolean answer = qtype == TYPE_A && qclass == CLASS_IN;
        ByteBuffer out = ByteBuffer.wrap(new byte[end + (answer ? 16 : 0)]);
        out.put(header(query, end, 0, true));
        if (answer) {
            out.putShort((short) 0xc00c).putShort((short) TYPE_A).putShort((short) CLASS_IN).putInt(TTL).putShort((short) 4).put(address);
            out.putShort(6, (short) 1); // ANCOUNT
        }
        return out.array();
    }

    /** The query's first {@code keep} bytes turned into a response header with {@code rcode}. */
    private static byte[] header(byte[] query, int keep, int rcode, boolean withQuestion) {
        byte[] r = new byte[withQuestion ? keep : 12];
        System.arraycopy(query, 0, r, 0, r.length);
        r[2] = (byte) (0x80 | (query[2] & 0x79));   // QR, the query's opcode and RD
        r[3] = (byte) (0x80 | rcode);                 // RA: the VPC resolver recurses
        r[4] = 0;
        r[5] = (byte) (withQuestion ? 1 : 0);
        for (int i = 6; i < 12; i++) r[i] = 0;
        return r;
    }
}
