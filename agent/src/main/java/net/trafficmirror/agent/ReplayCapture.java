package net.trafficmirror.agent;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import net.trafficmirror.linux.PacketRing;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;

/**
 * Replays a pcap or pcapng capture through a {@link MirrorPipeline} in place of a live interface: unprivileged,
 * on any OS. A capture file has no packet direction, so it is taken from the source interface's identity, as
 * {@code tmirror explain} does: a frame whose source MAC is the interface's, or (when the MAC is unknown) whose
 * source IP address is one of its addresses, is egress; every other frame is ingress.
 *
 * <p>Frames go as fast as the pipeline takes them, or at the capture's recorded pace.
 */
public final class ReplayCapture {
    private final Path file;
    private final byte[] mac;
    private final List<InetAddress> addresses;
    private final boolean recordedSpeed;

    /**
     * @param mac       the source interface's MAC (6 bytes), or null
     * @param addresses its IP addresses (used when {@code mac} is null)
     */
    public ReplayCapture(Path file, byte[] mac, List<InetAddress> addresses, boolean recordedSpeed) {
        this.file = file;
        this.mac = mac;
        this.addresses = List.copyOf(addresses);
        this.recordedSpeed = recordedSpeed;
    }

    /** Replays the whole file (or until {@code running} turns false); returns the number of frames replayed. */
    public long run(MirrorPipeline pipeline, BooleanSupplier running) throws IOException, InterruptedException {
        long[] hi = new long[addresses.size()], lo = new long[addresses.size()];
        int[] version = new int[addresses.size()];
        for (int i = 0; i < hi.length; i++) {
            byte[] a = addresses.get(i).getAddress();
            version[i] = a.length == 4 ? 4 : 6;
            hi[i] = a.length == 4 ? be(a, 0, 4) : be(a, 0, 8);
            lo[i] = a.length == 4 ? 0 : be(a, 8, 8);
        }
        FrameSummary s = new FrameSummary();
        PacketRecord r = new PacketRecord();
        byte[] wrapped = null;
        MemorySegment view = null;
        long frames = 0, firstTs = Long.MIN_VALUE, startNanos = System.nanoTime();
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (running.getAsBoolean() && reader.next(r)) {
                if (r.linkType != LinkType.ETHERNET)
                    throw new IOException(file + ": packet " + (frames + 1) + " has link type " + r.linkType
                            + "; VXLAN carries Ethernet frames, replay needs an Ethernet (EN10MB) capture");
                if (r.buffer != wrapped) {
                    wrapped = r.buffer;
                    view = MemorySegment.ofArray(wrapped);
                }
                long ts = r.seconds * 1_000_000_000L + r.nanos;
                if (recordedSpeed) {
                    if (firstTs == Long.MIN_VALUE) firstTs = ts;
                    long due = startNanos + (ts - firstTs) - System.nanoTime();
                    if (due > 1_000_000) {
                        pipeline.flush();
                        Thread.sleep(due / 1_000_000, (int) (due % 1_000_000));
                    }
                }
                boolean egress = mac != null ? sameMac(r.buffer, r.offset, r.caplen)
                        : fromLocalAddress(s.decode(r.buffer, r.offset, r.caplen, r.wirelen, r.linkType), version, hi, lo);
                pipeline.onFrame(view, r.offset, r.caplen, r.wirelen,
                        egress ? PacketRing.PACKET_OUTGOING : PacketRing.PACKET_HOST, ts, -1, 0);
                if ((++frames & 1023) == 0) pipeline.applyOfferedPlan();
            }
        }
        pipeline.flush();
        return frames;
    }

    private boolean sameMac(byte[] b, int off, int caplen) {
        if (caplen < 12) return false;
        for (int i = 0; i < 6; i++) if (b[off + 6 + i] != mac[i]) return false;
        return true;
    }

    private static boolean fromLocalAddress(FrameSummary s, int[] version, long[] hi, long[] lo) {
        for (int i = 0; i < hi.length; i++) if (s.ipVersion == version[i] && s.srcHi == hi[i] && s.srcLo == lo[i]) return true;
        return false;
    }

    private static long be(byte[] a, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = v << 8 | (a[off + i] & 0xff);
        return v;
    }
}
