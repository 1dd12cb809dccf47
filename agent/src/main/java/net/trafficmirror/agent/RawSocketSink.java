package net.trafficmirror.agent;

import java.net.InetAddress;
import net.trafficmirror.linux.ErrnoException;
import net.trafficmirror.linux.MessageVector;
import net.trafficmirror.linux.PathMtu;
import net.trafficmirror.linux.RawIpv4Sender;

/**
 * The production sink on Linux: whole IPv4 packets through a raw socket and sendmmsg(2), so each packet carries
 * its own flow-hashed UDP source port (an ordinary UDP socket has one). Needs CAP_NET_RAW.
 */
public final class RawSocketSink implements TunnelSink {
    private final RawIpv4Sender sender;

    public RawSocketSink(int batch, int slotSize, int sendBufferBytes) throws ErrnoException {
        sender = RawIpv4Sender.open(batch, slotSize, sendBufferBytes);
    }

    @Override public MessageVector messages() { return sender.messages(); }

    @Override public void stage(int i, int length, TunnelTarget target) {
        MessageVector m = sender.messages();
        m.setLength(i, length);
        m.setName(i, target.sockaddr, target.sockaddrLength);
    }

    @Override public int send(int count) { return sender.send(count); }

    @Override public boolean sent(int i) { return sender.error(i) == 0; }

    @Override public int pathMtu(InetAddress target) throws ErrnoException { return PathMtu.toward(target); }

    @Override public void close() { sender.close(); }
}
