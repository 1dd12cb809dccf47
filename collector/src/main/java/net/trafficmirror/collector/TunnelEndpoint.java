package net.trafficmirror.collector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * One UDP socket the collector listens on and the tunnel format it expects there: VXLAN on 4789 (RFC 7348 §5),
 * GENEVE on 6081 (RFC 8926 §3.3). Non-blocking, with a large receive buffer; per-sender facts (raw address,
 * allow-list verdict, the local address the sender reached) are cached so the per-packet path allocates nothing.
 */
final class TunnelEndpoint implements AutoCloseable {
    enum Kind { VXLAN, GENEVE }

    /** Facts about one sender, computed once. */
    static final class Sender {
        final byte[] address;
        final int port;
        final boolean allowed;
        byte[] local;

        Sender(byte[] address, int port, boolean allowed) {
            this.address = address;
            this.port = port;
            this.allowed = allowed;
        }
    }

    private static final int MAX_SENDERS = 4096;

    final Kind kind;
    final DatagramChannel channel;
    final InetSocketAddress bound;
    final int receiveBufferBytes;
    private final SenderAllowList allow;
    private final Map<InetSocketAddress, Sender> senders = new HashMap<>();
    private InetSocketAddress lastAddress;
    private Sender lastSender;

    TunnelEndpoint(Kind kind, InetSocketAddress address, int receiveBuffer, SenderAllowList allow) throws IOException {
        this.kind = kind;
        this.allow = allow;
        InetAddress a = address.getAddress();
        DatagramChannel ch = DatagramChannel.open(a instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            ch.bind(address);
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e);
        }
        this.channel = ch;
        this.bound = (InetSocketAddress) ch.getLocalAddress();
        this.receiveBufferBytes = ch.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    /** The cached facts for a sender; new senders are looked up once (the map is reset if it grows too large). */
    Sender sender(InetSocketAddress from) {
        if (from == lastAddress) return lastSender;
        Sender s = senders.get(from);
        if (s == null) {
            if (senders.size() >= MAX_SENDERS) senders.clear();
            byte[] raw = from.getAddress().getAddress();
            s = new Sender(raw, from.getPort(), allow.allows(raw));
            senders.put(from, s);
        }
        lastAddress = from;
        lastSender = s;
        return s;
    }

    /**
     * The address this sender's datagrams arrived at. With a wildcard bind the socket does not say, so ask the
     * kernel which local address it would use to answer the sender (a connected UDP socket, no packet sent).
     */
    byte[] localAddressFor(Sender s, InetSocketAddress from) {
        if (s.local != null) return s.local;
        InetAddress mine = bound.getAddress();
        if (!mine.isAnyLocalAddress()) {
            s.local = mine.getAddress();
        } else {
            try (DatagramChannel probe = DatagramChannel.open()) {
                probe.connect(from);
                s.local = ((InetSocketAddress) probe.getLocalAddress()).getAddress().getAddress();
            } catch (IOException e) {
                s.local = new byte[s.address.length];
            }
            if (s.local.length != s.address.length) s.local = new byte[s.address.length];
        }
        return s.local;
    }

    @Override public void close() throws IOException { channel.close(); }
}
