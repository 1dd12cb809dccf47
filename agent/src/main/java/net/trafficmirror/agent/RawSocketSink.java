package net.trafficmirror.agent;

import java.net.InetAddress;
import net.trafficmirror.linux.ErrnoException;
import net.trafficmirror.linux.PathMtu;
import net.trafficmirror.linux.RawIpv4Sender;

/**
 * Whole IPv4 packets through a raw socket and sendmmsg(2), so each packet carries its own flow-hashed UDP source
 * port (an ordinary UDP socket has one) and the kernel routes it and resolves the next hop. Needs CAP_NET_RAW.
 * {@link FrameRingSink} uses it for what it cannot send as frames itself.
 */
public final class RawSocketSink extends MessageVectorSink {
    private final RawIpv4Sender sender;

    public RawSocketSink(int batch, int slotSize, int sendBufferBytes) throws ErrnoException {
        this(RawIpv4Sender.open(batch, slotSize, sendBufferBytes));
    }

    private RawSocketSink(RawIpv4Sender sender) {
        super(sender.messages());
        this.sender = sender;
    }

    @Override public void stage(int i, int length, TunnelTarget target) {
        messages.setLength(i, length);
        messages.setName(i, target.sockaddr, target.sockaddrLength);
    }

    @Override public int send(int count) { return sender.send(0, count); }

    /** Sends slots first..first+count-1. */
    int send(int first, int count) { return sender.send(first, count); }

    @Override public boolean sent(int i) { return sender.error(i) == 0; }

    @Override public int pathMtu(InetAddress target) throws ErrnoException { return PathMtu.toward(target); }

    @Override public void close() { sender.close(); }
}
