package net.trafficmirror.collector;

/** A filter expression applied to the inner (decapsulated) Ethernet frame; must not allocate. */
@FunctionalInterface
public interface FrameFilter {
    boolean matches(byte[] frame, int off, int caplen, int wirelen);
}
