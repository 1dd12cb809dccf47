package net.trafficmirror.collector;

import java.io.IOException;

/**
 * Something that takes decapsulated frames: the text printer, capture files, flow records, PCAP-over-IP.
 * All calls come from the receive thread, so a sink needs no locking for its own state.
 */
public interface PacketSink extends AutoCloseable {
    /** Takes one frame; must not keep a reference to the datagram's buffer. */
    void accept(TunnelDatagram d) throws IOException;

    /**
     * Takes a datagram the decapsulators refused ({@code d.tunnel.status} says why): only a sink showing the
     * datagrams themselves, as tcpdump on the target would, has a use for it.
     */
    default void acceptMalformed(TunnelDatagram d) throws IOException {}

    /**
     * Called at least every 200 ms and when the sockets have nothing more to read: flush buffered output, expire
     * flows, rotate files. {@code nowSeconds}/{@code nowNanos} is the wall clock.
     */
    default void tick(long nowSeconds, int nowNanos) throws IOException {}

    /** Flushes and releases everything (SIGTERM path). */
    @Override void close() throws IOException;
}
