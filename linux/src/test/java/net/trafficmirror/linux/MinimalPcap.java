package net.trafficmirror.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test-only: the frames of a little-endian classic pcap file as tcpdump -w writes it on this host (pcap-savefile(5)). */
public final class MinimalPcap {
    private MinimalPcap() {}

    public static List<byte[]> frames(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        b.position(24);
        while (b.remaining() >= 16) {
            b.position(b.position() + 8);
            int incl = b.getInt();
            b.getInt();
            if (b.remaining() < incl) break;
            byte[] f = new byte[incl];
            b.get(f);
            out.add(f);
        }
        return out;
    }
}
