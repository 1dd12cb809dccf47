package net.trafficmirror.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * An AF_PACKET socket with a TPACKET_V2 memory-mapped transmit ring (Documentation/networking/packet_mmap.rst,
 * "Transmission process"; linux/if_packet.h): the caller writes whole link-layer frames into ring frames, marks
 * them TP_STATUS_SEND_REQUEST, and one {@link #kick} hands them all to the device. No IP routing, no socket
 * buffer copy (the kernel attaches the ring's pages to its buffers), one system call per batch.
 *
 * <p>Frame slot (struct tpacket2_hdr): {@code tp_status@0, tp_len@4, tp_snaplen@8, tp_mac@12, tp_net@14, ...},
 * 32 bytes; the frame's data starts at {@link #DATA} = TPACKET2_HDRLEN − sizeof(struct sockaddr_ll) (the kernel's
 * default without PACKET_TX_HAS_OFF). A slot is TP_STATUS_AVAILABLE (0) when the caller may write it,
 * SEND_REQUEST (1) once handed over, SENDING (2) while the kernel still holds its pages (until the device is done
 * with the buffer), then AVAILABLE again.
 *
 * <p>The kernel walks the ring from its own head and stops at the first slot that is not SEND_REQUEST, so slots
 * must be handed over in ring order. When a kick stops early (send buffer full, device queue full: the kernel
 * leaves the failed slot SEND_REQUEST and its head on it), {@link #cancel} takes the unsent slots back; the caller
 * then rewinds its own head to the first of them, which is where the kernel's head is.
 *
 * <p><b>Copied, not referenced.</b> With PACKET_VNET_HDR every slot starts with a struct virtio_net_hdr
 * (linux/virtio_net.h: flags, gso_type, hdr_len, gso_size, csum_start, csum_offset; little-endian u16s), whose
 * {@code hdr_len} tells the kernel how many bytes to copy into the buffer's linear part. We give the whole frame:
 * otherwise the kernel attaches the ring's pages as zero-copy fragments, and a device that hands buffers to another
 * network namespace (veth, the container case) must then allocate pages and copy them anyway (skb_copy_ubufs), which
 * measured about 10 % of the agent's CPU. The price: the kernel no longer checks frame length against the MTU (that
 * check is skipped for vnet headers): callers keep frames within the device's MTU themselves.
 *
 * <p>The socket is bound to the interface with protocol 0, so it receives nothing; each kick names the
 * interface and ethertype (sockaddr_ll) instead. PACKET_LOSS is set: a malformed slot is skipped rather than
 * blocking the ring for good.
 */
public final class PacketTxRing implements AutoCloseable {
    /** Where a slot's data starts (TPACKET2_HDRLEN − sizeof(struct sockaddr_ll)): the virtio_net_hdr, then the frame. */
    static final int DATA = 32, VNET_HDR = 10;
    private static final int PACKET_VNET_HDR = 15;
    private static final ValueLayout.OfShort LE16 = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int AVAILABLE = 0, SEND_REQUEST = 1, SENDING = 2, WRONG_FORMAT = 4;
    private static final int BLOCK = 1 << 16;
    private static final VarHandle INT = JAVA_INT.varHandle();

    private final int fd, ifindex, frameSize, frames;
    private final MemorySegment ring, destination;
    private final Arena arena = Arena.ofShared();

    private PacketTxRing(int fd, int ifindex, int frameSize, int frames, MemorySegment ring, int ethertype) {
        this.fd = fd;
        this.ifindex = ifindex;
        this.frameSize = frameSize;
        this.frames = frames;
        this.ring = ring;
        destination = arena.allocate(SocketAddresses.SOCKADDR_LL, 4);
        SocketAddresses.writePacket(destination, ifindex, ethertype);
    }

    /**
     * Opens a ring of at least {@code frames} slots, each holding a frame of up to {@code maxFrame} bytes, that sends
     * on interface {@code ifindex} with ethertype {@code ethertype} (e.g. 0x0800).
     *
     * @param priority   SO_PRIORITY of the frames (for priority qdiscs)
     * @param sendBuffer SO_SNDBUF: how many bytes of frames may be in flight before a kick stops early
     * @throws ErrnoException EPERM without CAP_NET_RAW
     */
    public static PacketTxRing open(int ifindex, int maxFrame, int frames, int ethertype, int priority, int sendBuffer) throws ErrnoException {
        int frameSize = Math.max(2048, Integer.highestOneBit(DATA + VNET_HDR + maxFrame - 1) << 1); // a power of two: whole slots per block
        int perBlock = Math.max(1, BLOCK / frameSize), blockSize = perBlock * frameSize;
        int blocks = (frames + perBlock - 1) / perBlock;
        int fd = Libc.check(Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0), "socket(AF_PACKET)");
        boolean ok = false;
        try (Arena a = Arena.ofConfined()) {
            Libc.setIntOption(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, Libc.TPACKET_V2, "PACKET_VERSION");
            Libc.setIntOption(fd, Libc.SOL_PACKET, PACKET_VNET_HDR, 1, "PACKET_VNET_HDR");
            Libc.setIntOption(fd, Libc.SOL_PACKET, Libc.PACKET_LOSS, 1, "PACKET_LOSS");
            Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_PRIORITY, priority, "SO_PRIORITY");
            Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, sendBuffer, "SO_SNDBUF");
            MemorySegment req = a.allocate(16, 4); // struct tpacket_req
            req.set(JAVA_INT, 0, blockSize);
            req.set(JAVA_INT, 4, blocks);
            req.set(JAVA_INT, 8, frameSize);
            req.set(JAVA_INT, 12, blocks * perBlock);
            Libc.check(Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_TX_RING, req, 16), "setsockopt(PACKET_TX_RING)");
            long size = (long) blockSize * blocks;
            MemorySegment ring = Libc.mmap(size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
            if (ring.equals(MemorySegment.NULL)) throw new ErrnoException("mmap(packet tx ring)", Libc.errno());
            MemorySegment sll = a.allocate(SocketAddresses.SOCKADDR_LL, 4);
            int len = SocketAddresses.writePacket(sll, ifindex, 0);
            if (Libc.bind(fd, sll, len) < 0) {
                int errno = Libc.errno();
                Libc.munmap(ring, size);
                throw new ErrnoException("bind(AF_PACKET, ifindex " + ifindex + ")", errno);
            }
            ok = true;
            return new PacketTxRing(fd, ifindex, frameSize, blocks * perBlock, ring, ethertype);
        } finally {
            if (!ok) Libc.close(fd);
        }
    }

    public int ifindex() { return ifindex; }

    public int frames() { return frames; }

    /** The ring's memory; slot {@code i}'s frame starts at {@link #data}. */
    public MemorySegment memory() { return ring; }

    /** Where slot {@code i}'s frame (from its Ethernet header) goes. */
    public long data(int slot) { return (long) slot * frameSize + DATA + VNET_HDR; }

    /** Whether slot {@code i} is the caller's to write (the kernel is done with it). */
    public boolean available(int slot) {
        return ((int) INT.getAcquire(ring, (long) slot * frameSize) & (SEND_REQUEST | SENDING | WRONG_FORMAT)) == 0;
    }

    /** Hands slot {@code i}, holding a frame of {@code length} bytes, to the kernel (sent by the next kick). */
    public void request(int slot, int length) {
        long at = (long) slot * frameSize;
        ring.set(JAVA_INT, at + 4, VNET_HDR + length);
        ring.set(JAVA_LONG, at + DATA, 0L); // flags, gso_type, hdr_len, gso_size: no offloads
        ring.set(LE16, at + DATA + 2, (short) length); // hdr_len: copy the whole frame
        ring.set(LE16, at + DATA + 8, (short) 0); // csum_offset
        INT.setRelease(ring, at, SEND_REQUEST);
    }

    /** Whether the last kick left slot {@code i} unsent (still SEND_REQUEST). */
    public boolean pending(int slot) { return (int) INT.getAcquire(ring, (long) slot * frameSize) == SEND_REQUEST; }

    /** Takes back an unsent slot after a kick (only between kicks: the kernel reads slots only during one). */
    public void cancel(int slot) { INT.setRelease(ring, (long) slot * frameSize, AVAILABLE); }

    /**
     * Sends every requested slot, in ring order from the kernel's head, without blocking.
     *
     * @return 0, or the errno that stopped it early (EAGAIN, ENOBUFS, ENETDOWN, ...)
     */
    public int kick() {
        long r = Libc.sendto(fd, MemorySegment.NULL, 0, Libc.MSG_DONTWAIT, destination, SocketAddresses.SOCKADDR_LL);
        return r < 0 ? Libc.errno() : 0;
    }

    @Override public void close() {
        Libc.munmap(ring, (long) frames * frameSize);
        Libc.close(fd);
        arena.close();
    }
}
