package net.trafficmirror.collector;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.io.PcapWriter;

/**
 * PCAP-over-IP: a TCP port where each client gets a pcap stream (file header, then records) of the decapsulated
 * frames from the moment it connects, so {@code nc HOST PORT | tcpdump -r -} or Wireshark's "PCAP-over-IP"
 * interface watch live. Every client has a fixed buffer; a client that cannot keep up loses whole records
 * (counted as dropped by backpressure), never slows the receive loop and never gets a cut record.
 *
 * <p>Accepting and socket writes happen on the receive thread, non-blocking: new clients are taken on each tick,
 * buffers go out on each tick and whenever they pass {@link #WRITE_THRESHOLD}.
 */
public final class PcapOverIp implements PacketSink {
    static final int SNAPLEN = 262144;
    static final int CLIENT_BUFFER = 4 << 20;
    static final int WRITE_THRESHOLD = 64 << 10;
    static final int RECORD_HEADER = 16;

    private final ServerSocketChannel server;
    private final CollectorCounters counters;
    private final List<Client> clients = new ArrayList<>();
    /** For status and tests, read from other threads. */
    private volatile int clientCount;

    /** One connected consumer: its pending bytes and the pcap writer that fills them. */
    private static final class Client extends OutputStream {
        final SocketChannel channel;
        final ByteBuffer pending = ByteBuffer.allocate(CLIENT_BUFFER);
        final PcapWriter writer;

        Client(SocketChannel channel) throws IOException {
            this.channel = channel;
            this.writer = new PcapWriter(this, LinkType.ETHERNET, SNAPLEN, false);
            writer.flush();
        }

        @Override public void write(int b) { pending.put((byte) b); }

        @Override public void write(byte[] b, int off, int len) { pending.put(b, off, len); }

        /** Sends what the socket takes now; false when the client is gone. */
        boolean send() {
            if (pending.position() == 0) return true;
            try {
                pending.flip();
                channel.write(pending);
                pending.compact();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    public PcapOverIp(InetSocketAddress listen, CollectorCounters counters) throws IOException {
        this.counters = counters;
        ServerSocketChannel s = ServerSocketChannel.open();
        try {
            s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            s.bind(listen);
            s.configureBlocking(false);
        } catch (IOException e) {
            s.close();
            throw new IOException("PCAP-over-IP: cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage(), e);
        }
        this.server = s;
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    /** How many consumers are attached now. */
    public int clients() { return clientCount; }

    @Override public void accept(TunnelDatagram d) throws IOException {
        int caplen = Math.min(d.frameLength(), SNAPLEN);
        for (int i = 0; i < clients.size(); i++) {
            Client c = clients.get(i);
            if (c.pending.remaining() < RECORD_HEADER + caplen) {
                counters.droppedByBackpressure++;
                continue;
            }
            c.writer.write(d.seconds, d.nanos, d.buffer, d.frameOffset(), caplen, d.innerWireLength);
            c.writer.flush();
            counters.written++;
            if (c.pending.position() >= WRITE_THRESHOLD && !c.send()) drop(i--);
        }
    }

    @Override public void tick(long nowSeconds, int nowNanos) throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            clients.add(new Client(ch));
            clientCount = clients.size();
        }
        for (int i = 0; i < clients.size(); i++) if (!clients.get(i).send()) drop(i--);
    }

    private void drop(int i) {
        try {
            Client c = clients.remove(i);
            clientCount = clients.size();
            c.channel.close();
        } catch (IOException ignored) {
            // the client is gone either way
        }
    }

    @Override public void close() throws IOException {
        for (Client c : clients) {
            // A last bounded attempt: give each client what it is owed, without waiting on a stuck one.
            c.send();
            c.channel.close();
        }
        clients.clear();
        server.close();
    }
}
