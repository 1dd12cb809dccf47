package net.trafficmirror.agent;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.List;
import net.trafficmirror.linux.ErrnoException;
import net.trafficmirror.linux.InterfaceFacts;
import net.trafficmirror.linux.Neighbours;
import net.trafficmirror.linux.NextHop;
import net.trafficmirror.linux.PacketTxRing;

/**
 * The fast production sink: the agent builds each whole Ethernet frame itself (outer Ethernet to the next hop's
 * MAC, then IPv4, UDP, VXLAN and the inner frame) straight into a PACKET_TX_RING slot, and one system call per
 * batch hands the batch to the device. It skips what a socket send costs per packet: the route lookup, the socket
 * buffer copy, netfilter's output hooks and the neighbour lookup. Needs CAP_NET_RAW.
 *
 * <p><b>Next hop.</b> For every target a resolver thread asks the kernel, about once a second, for the route
 * ({@link NextHop}: rtnetlink, as {@code ip route get}) and the next hop's MAC (the neighbour table). Until both
 * are known, and for targets routed through another interface than the ring's (the one the first target is routed
 * through), packets go through {@link RawSocketSink}: the kernel routes them and resolves the neighbour, and the
 * next resolution picks the MAC up. Frames sent on the ring never pass through the kernel's neighbour code, so once
 * a second one packet per target takes the IP stack instead, which keeps the kernel's entry confirmed: when the
 * target's MAC changes, the kernel re-resolves it and the ring follows within a second or two.
 *
 * <p><b>Order.</b> A batch is sent in order: consecutive ring slots by one kick, consecutive IP-stack slots by one
 * sendmmsg, alternating as the batch does, so the packets of a flow never overtake each other.
 *
 * <p><b>Shedding.</b> A ring slot is reused only once the device is done with it. When none is free (the device is
 * slower than the source) or a kick stops early (send buffer or device queue full), the packet is shed and
 * reported, never waited for. Frames the kernel judges malformed (only possible if the device's MTU shrinks under
 * a running agent) are dropped by it (PACKET_LOSS) and cannot be told apart from sent ones.
 */
public final class FrameRingSink implements TunnelSink {
    private static final int ETHERNET = 14, ETHERTYPE_IPV4 = 0x0800, TC_PRIO_FILLER = 1, RESOLVE_MILLIS = 1000;
    private static final ValueLayout.OfShort BE16 = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final RawSocketSink stack;
    private final int batch, ringFrames, sendBuffer;
    private volatile PacketTxRing ring;
    private volatile long sourceMac;
    private volatile List<TunnelTarget> targets = List.of();
    private final Thread resolver;
    private volatile boolean open = true;
    private volatile String refused;

    // Per batch slot: the ring slot (or -1: the slot is stackSlot's in the IP-stack sink), length, outcome.
    private final int[] ringSlot, stackSlot, length;
    private final boolean[] sent;
    private int head, stackCount;
    private long ringPackets, stackPackets;

    /**
     * @param batch      packets per batch
     * @param ringFrames ring slots: how many frames may be in flight to the device
     * @param sendBuffer SO_SNDBUF of both sockets
     */
    public FrameRingSink(int batch, int slotSize, int ringFrames, int sendBuffer) throws ErrnoException {
        stack = new RawSocketSink(batch, slotSize, sendBuffer);
        this.batch = batch;
        this.ringFrames = ringFrames;
        this.sendBuffer = sendBuffer;
        ringSlot = new int[batch];
        stackSlot = new int[batch];
        length = new int[batch];
        sent = new boolean[batch];
        resolver = Thread.ofPlatform().daemon().name("tmirror-next-hop").start(this::resolveLoop);
    }

    @Override public int capacity() { return batch; }

    @Override public int slotSize() { return stack.slotSize(); }

    @Override public int pathMtu(InetAddress target) throws ErrnoException { return stack.pathMtu(target); }

    /** Resolves the new targets' next hops now, so the first packets already go on the ring when they can. */
    @Override public void targets(Collection<TunnelTarget> all) throws IOException {
        List<TunnelTarget> list = List.copyOf(all);
        for (TunnelTarget t : list) resolve(t);
        targets = list;
    }

    @Override public long claim(int i, TunnelTarget t) {
        PacketTxRing r = ring;
        long mac = t.nextHopMac;
        if (r == null || mac < 0 || t.refreshNeighbour) {
            t.refreshNeighbour = false;
            ringSlot[i] = -1;
            stackSlot[i] = stackCount;
            return stack.claim(stackCount++, t);
        }
        if (!r.available(head)) return -1;
        ringSlot[i] = head;
        head = head + 1 == r.frames() ? 0 : head + 1;
        MemorySegment m = r.memory();
        long at = r.data(ringSlot[i]);
        m.set(BE16, at, (short) (mac >>> 32));
        m.set(BE32, at + 2, (int) mac);
        m.set(BE16, at + 6, (short) (sourceMac >>> 32));
        m.set(BE32, at + 8, (int) sourceMac);
        m.set(BE16, at + 12, (short) ETHERTYPE_IPV4);
        return at + ETHERNET;
    }

    @Override public MemorySegment buffer(int i) { return ringSlot[i] >= 0 ? ring.memory() : stack.buffer(stackSlot[i]); }

    @Override public void stage(int i, int length, TunnelTarget t) {
        this.length[i] = length;
        if (ringSlot[i] < 0) stack.stage(stackSlot[i], length, t);
    }

    @Override public int send(int count) {
        int n = 0;
        for (int i = 0; i < count; ) {
            int j = i;
            boolean onRing = ringSlot[i] >= 0;
            while (j < count && ringSlot[j] >= 0 == onRing) j++;
            n += onRing ? sendRing(i, j) : sendStack(i, j);
            i = j;
        }
        stackCount = 0;
        return n;
    }

    /** Packets sent as frames on the ring, and through the IP stack, since start (for logs and tests). */
    public long ringPackets() { return ringPackets; }

    public long stackPackets() { return stackPackets; }

    /** Why the ring could not be opened (every packet then goes through the IP stack), or null. */
    public String ringRefused() { return refused; }

    /** Batch slots from..to-1, all on the ring, by one kick; takes back and reports what it left unsent. */
    private int sendRing(int from, int to) {
        PacketTxRing r = ring;
        for (int i = from; i < to; i++) r.request(ringSlot[i], ETHERNET + length[i]);
        r.kick();
        int n = 0;
        boolean rewound = false;
        for (int i = from; i < to; i++) {
            int slot = ringSlot[i];
            sent[i] = !r.pending(slot);
            if (sent[i]) {
                n++;
                ringPackets++;
            } else {
                r.cancel(slot);
                if (!rewound) {
                    head = slot; // the kernel's head stopped here: hand over from here next time
                    rewound = true;
                }
            }
        }
        return n;
    }

    /** Batch slots from..to-1, all through the IP stack: their slots there are consecutive, sent by one sendmmsg. */
    private int sendStack(int from, int to) {
        stack.send(stackSlot[from], to - from);
        int n = 0;
        for (int i = from; i < to; i++) if (sent[i] = stack.sent(stackSlot[i])) n++;
        stackPackets += n;
        return n;
    }

    @Override public boolean sent(int i) { return sent[i]; }

    private void resolveLoop() {
        while (open) {
            try {
                Thread.sleep(RESOLVE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (TunnelTarget t : targets) {
                try {
                    resolve(t);
                } catch (IOException e) {
                    t.nextHopMac = -1; // no route now: the IP stack path reports it as shed packets
                }
                t.refreshNeighbour = true;
            }
        }
    }

    /** Looks up where {@code t}'s packets go now; opens the ring on the first target's outgoing interface. */
    private synchronized void resolve(TunnelTarget t) throws IOException {
        if (!(t.address instanceof Inet4Address v4)) return;
        NextHop hop = NextHop.toward(v4);
        NetworkInterface nif = NetworkInterface.getByIndex(hop.ifindex());
        if (nif == null) {
            t.nextHopMac = -1;
            return;
        }
        if (ring == null && open && refused == null) {
            InterfaceFacts facts = InterfaceFacts.of(nif.getName());
            if (facts.mac().length == 6) { // else not Ethernet: the IP stack sends everything
                sourceMac = mac48(facts.mac());
                try {
                    ring = PacketTxRing.open(hop.ifindex(), ETHERNET + facts.mtu(), ringFrames, ETHERTYPE_IPV4, TC_PRIO_FILLER, sendBuffer);
                } catch (ErrnoException e) {
                    refused = e.getMessage(); // e.g. a kernel without a vnet header on transmit rings: the IP stack it is
                }
            }
        }
        PacketTxRing r = ring;
        t.nextHopMac = r != null && hop.ifindex() == r.ifindex() ? Neighbours.mac(hop.neighbour(v4), nif.getName()) : -1;
    }

    private static long mac48(byte[] m) {
        long v = 0;
        for (byte b : m) v = v << 8 | (b & 0xff);
        return v;
    }

    @Override public synchronized void close() {
        open = false;
        resolver.interrupt();
        if (ring != null) ring.close();
        stack.close();
    }
}
