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
     * Called when the sockets have nothing more to read for now: the moment for a live view to push out what it
     * buffered. Must be cheap: under light load it runs after nearly every datagram.
     */
    default void idle() throws IOException {}

    /**
     * Called every 200 ms: flush buffered output, expire flows, rotate files. {@code nowSeconds}/{@code nowNanos}
     * is the wall clock.
     */
    default void tick(long nowSeconds, int nowNanos) throws IOException {}

    /** Flushes and releases everything (SIGTERM path). */
    @Override void close() throws IOException;
}
