package net.trafficmirror.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * An AF_PACKET socket bound to one interface with a TPACKET_V3 memory-mapped receive ring
 * (Documentation/networking/packet_mmap.rst, linux/if_packet.h). The kernel fills whole blocks of frames; the
 * reader walks a block in place and hands it back, so receiving costs no system call while blocks are ready.
 *
 * <p>Block header (struct tpacket_block_desc / tpacket_hdr_v1): {@code block_status@8, num_pkts@12,
 * offset_to_first_pkt@16}. Frame header (struct tpacket3_hdr): {@code tp_next_offset@0, tp_sec@4, tp_nsec@8,
 * tp_snaplen@12, tp_len@16, tp_status@20, tp_mac@24, tp_net@26, tp_rxhash@28, tp_vlan_tci@32, tp_vlan_tpid@36},
 * 48 bytes, followed by a struct sockaddr_ll whose {@code sll_pkttype} is at 48 + 10.
 *
 * <p>The socket is created with protocol 0, so it sees nothing until {@code bind} names the interface and
 * ETH_P_ALL: no frame of another interface can slip into the ring first.
 *
 * <p>Several rings on one interface can share its frames through a fanout group (PACKET_FANOUT, packet(7)): the
 * kernel hands each frame to exactly one member. {@link #startFanout} creates a group with an id the kernel picks
 * among the unused ones of this network namespace (PACKET_FANOUT_FLAG_UNIQUEID), so two agents on one interface
 * never share a group; {@link #joinFanout} adds further rings to it. The mode is PACKET_FANOUT_HASH: the member is
 * chosen by the flow dissector's symmetric hash (net/packet/af_packet.c fanout_demux_hash ->
 * __skb_get_hash_symmetric; net/core/flow_dissector.c sorts addresses and ports before hashing), over protocol,
 * addresses and, for TCP, UDP, UDP-Lite, SCTP and DCCP, ports. Both directions of a flow therefore land on one ring,
 * in the order the interface saw them. Frames without ports (ICMP, other protocols) go by protocol and addresses.
 * IP fragments carry no ports for the dissector (it stops at a fragment unless asked to parse the first one), so a
 * fragmented datagram's fragments stay together and in order on the ring of (protocol, addresses), which may differ
 * from the ring of the flow's unfragmented packets. PACKET_FANOUT_FLAG_DEFRAG would keep them on one ring, but it
 * reassembles the datagram before the socket sees it (ip_check_defrag): the ring would then hold one large packet
 * that was never on the wire instead of its fragments, and incomplete datagrams not at all. It is not used.
 *
 * <p>One thread reads ({@link #read}); {@link #statistics} may be called from any thread.
 */
public final class PacketRing implements AutoCloseable {
    /** sll_pkttype values (linux/if_packet.h). */
    public static final int PACKET_HOST = 0, PACKET_BROADCAST = 1, PACKET_MULTICAST = 2, PACKET_OTHERHOST = 3,
            PACKET_OUTGOING = 4, PACKET_LOOPBACK = 5;

    /** PACKET_FANOUT mode and flags (linux/if_packet.h). */
    private static final int PACKET_FANOUT_HASH = 0, PACKET_FANOUT_FLAG_UNIQUEID = 0x2000;
    private static final int TP_STATUS_KERNEL = 0, TP_STATUS_USER = 1, TP_STATUS_VLAN_VALID = 1 << 4,
            TP_STATUS_VLAN_TPID_VALID = 1 << 6;
    private static final int BLOCK_STATUS = 8, NUM_PKTS = 12, FIRST_PKT = 16;
    private static final int SLL_PKTTYPE = 48 + 10;
    private static final VarHandle INT = JAVA_INT.varHandle();

    private final int fd;
    private final int blockSize, blockCount;
    private final MemorySegment ring;
    private final MemorySegment pollfd;
    private final Arena arena = Arena.ofShared();
    private int current;
    private long packets, drops, freezes;

    private PacketRing(int fd, int blockSize, int blockCount, MemorySegment ring) {
        this.fd = fd;
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.ring = ring;
        pollfd = arena.allocate(8, 4);
        pollfd.set(JAVA_INT, 0, fd);
        pollfd.set(JAVA_SHORT, 4, (short) (Libc.POLLIN | Libc.POLLERR));
    }

    /**
     * Opens a ring on interface {@code ifindex}.
     *
     * @param blockSize    bytes per block, a multiple of the page size (e.g. 1 MiB)
     * @param blockCount   number of blocks; the ring takes blockSize * blockCount bytes
     * @param retireMillis how long the kernel keeps a partly filled block before handing it over (latency bound)
     * @throws ErrnoException EPERM without CAP_NET_RAW, ENODEV for a bad index, ENOMEM for too big a ring
     */
    public static PacketRing open(int ifindex, int blockSize, int blockCount, int retireMillis) throws ErrnoException {
        return open(ifindex, blockSize, blockCount, retireMillis, null);
    }

    /**
     * Opens a ring on interface {@code ifindex} that only ever holds the frames {@code filter} accepts: the classic BPF
     * program (linux/filter.h struct sock_filter rows {code, jt, jf, k}) is attached before {@code bind}, so no
     * frame arriving while the socket is set up slips in unfiltered.
     */
    public static PacketRing open(int ifindex, int blockSize, int blockCount, int retireMillis, int[][] filter) throws ErrnoException {
        int fd = Libc.check(Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0), "socket(AF_PACKET)");
        boolean ok = false;
        try (Arena a = Arena.ofConfined()) {
            if (filter != null) attach(fd, filter, a);
            Libc.setIntOption(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, Libc.TPACKET_V3, "PACKET_VERSION");
            int frameSize = 2048;
            MemorySegment req = a.allocate(28, 4); // struct tpacket_req3
            req.set(JAVA_INT, 0, blockSize);
            req.set(JAVA_INT, 4, blockCount);
            req.set(JAVA_INT, 8, frameSize);
            req.set(JAVA_INT, 12, blockSize / frameSize * blockCount);
            req.set(JAVA_INT, 16, retireMillis);
            Libc.check(Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, req, 28), "setsockopt(PACKET_RX_RING)");
            long size = (long) blockSize * blockCount;
            MemorySegment ring = Libc.mmap(size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
            if (ring.equals(MemorySegment.NULL)) throw new ErrnoException("mmap(packet ring)", Libc.errno());
            MemorySegment sll = a.allocate(SocketAddresses.SOCKADDR_LL, 4);
            int len = SocketAddresses.writePacket(sll, ifindex, Libc.ETH_P_ALL);
            if (Libc.bind(fd, sll, len) < 0) {
                int errno = Libc.errno();
                Libc.munmap(ring, size);
                throw new ErrnoException("bind(AF_PACKET, ifindex " + ifindex + ")", errno);
            }
            ok = true;
            return new PacketRing(fd, blockSize, blockCount, ring);
        } finally {
            if (!ok) Libc.close(fd);
        }
    }

    private static void attach(int fd, int[][] program, Arena a) throws ErrnoException {
        MemorySegment insns = a.allocate(8L * program.length, 8);
        for (int i = 0; i < program.length; i++) {
            insns.set(JAVA_SHORT, 8L * i, (short) program[i][0]);
            insns.set(JAVA_BYTE, 8L * i + 2, (byte) program[i][1]);
            insns.set(JAVA_BYTE, 8L * i + 3, (byte) program[i][2]);
            insns.set(JAVA_INT, 8L * i + 4, program[i][3]);
        }
        MemorySegment fprog = a.allocate(16, 8); // struct sock_fprog { u16 len; struct sock_filter *filter; }
        fprog.set(JAVA_SHORT, 0, (short) program.length);
        fprog.set(ADDRESS, 8, insns);
        Libc.check(Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, fprog, 16), "setsockopt(SO_ATTACH_FILTER)");
    }

    public int fd() { return fd; }

    /**
     * Makes this ring the first member of a new hash fanout group (see the class comment) and returns the group's id,
     * chosen by the kernel, for {@link #joinFanout}.
     */
    public int startFanout() throws ErrnoException {
        Libc.setIntOption(fd, Libc.SOL_PACKET, Libc.PACKET_FANOUT, (PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_UNIQUEID) << 16,
                "PACKET_FANOUT");
        return Libc.getIntOption(fd, Libc.SOL_PACKET, Libc.PACKET_FANOUT, "PACKET_FANOUT") & 0xffff;
    }

    /** Removes the filter given to {@link #open}: from now on the ring holds every frame (or its share of a fanout group). */
    public void detachFilter() throws ErrnoException {
        Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_DETACH_FILTER, 0, "SO_DETACH_FILTER");
    }

    /** Joins the hash fanout group {@code group} that {@link #startFanout} created on the same interface. */
    public void joinFanout(int group) throws ErrnoException {
        Libc.setIntOption(fd, Libc.SOL_PACKET, Libc.PACKET_FANOUT, group | PACKET_FANOUT_HASH << 16, "PACKET_FANOUT");
    }

    /**
     * Hands every frame of the ready blocks to {@code handler}, waiting up to {@code timeoutMillis} when none is ready.
     *
     * @return frames delivered (0 on timeout or EINTR)
     */
    public int read(FrameHandler handler, int timeoutMillis) throws ErrnoException {
        if (!ready(current)) {
            int r = Libc.poll(pollfd, 1, timeoutMillis);
            if (r < 0 && Libc.errno() != Libc.EINTR) throw new ErrnoException("poll(packet ring)", Libc.errno());
        }
        int frames = 0;
        for (int n = 0; n < blockCount && ready(current); n++) {
            frames += walk((long) current * blockSize, handler);
            current = current + 1 == blockCount ? 0 : current + 1;
        }
        return frames;
    }

    private boolean ready(int block) {
        return ((int) INT.getAcquire(ring, (long) block * blockSize + BLOCK_STATUS) & TP_STATUS_USER) != 0;
    }

    private int walk(long block, FrameHandler handler) {
        int count = ring.get(JAVA_INT, block + NUM_PKTS);
        long p = block + Integer.toUnsignedLong(ring.get(JAVA_INT, block + FIRST_PKT));
        for (int i = 0; i < count; i++) {
            int status = ring.get(JAVA_INT, p + 20);
            int vlanTci = -1, vlanTpid = 0;
            if ((status & TP_STATUS_VLAN_VALID) != 0) {
                vlanTci = ring.get(JAVA_INT, p + 32) & 0xffff;
                vlanTpid = (status & TP_STATUS_VLAN_TPID_VALID) != 0 ? Short.toUnsignedInt(ring.get(JAVA_SHORT, p + 36)) : 0x8100;
            }
            long ts = Integer.toUnsignedLong(ring.get(JAVA_INT, p + 4)) * 1_000_000_000L + ring.get(JAVA_INT, p + 8);
            handler.onFrame(ring, p + Short.toUnsignedInt(ring.get(JAVA_SHORT, p + 24)),
                    ring.get(JAVA_INT, p + 12), ring.get(JAVA_INT, p + 16),
                    Byte.toUnsignedInt(ring.get(JAVA_BYTE, p + SLL_PKTTYPE)), ts, vlanTci, vlanTpid);
            p += Integer.toUnsignedLong(ring.get(JAVA_INT, p));
        }
        INT.setRelease(ring, block + BLOCK_STATUS, TP_STATUS_KERNEL);
        return count;
    }

    /** The kernel's counters since the ring was opened (PACKET_STATISTICS, accumulated). */
    public synchronized PacketStatistics statistics() throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(12, 4), len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 12);
            Libc.check(Libc.getsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_STATISTICS, st, len), "getsockopt(PACKET_STATISTICS)");
            packets += Integer.toUnsignedLong(st.get(JAVA_INT, 0));
            drops += Integer.toUnsignedLong(st.get(JAVA_INT, 4));
            freezes += Integer.toUnsignedLong(st.get(JAVA_INT, 8));
            return new PacketStatistics(packets, drops, freezes);
        }
    }

    @Override public void close() {
        Libc.munmap(ring, (long) blockSize * blockCount);
        Libc.close(fd);
        arena.close();
    }
}
