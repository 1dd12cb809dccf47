package net.trafficmirror.packet.io;

/**
 * The input ends inside a record. Thrown by {@link CaptureReader#next} only after every complete packet before
 * it was delivered. The message is libpcap's text ({@code sf-pcap.c}/{@code sf-pcapng.c}), e.g.
 * {@code truncated dump file; tried to read 1000 captured bytes, only got 20}, which tcpdump prints after
 * {@code pcap_loop: } before it exits with status 1.
 */
public final class CaptureTruncatedException extends CaptureFormatException {
    public CaptureTruncatedException(String message) {
        super(message);
    }
}
