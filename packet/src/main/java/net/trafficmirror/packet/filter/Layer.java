package net.trafficmirror.packet.filter;

/**
 * Where a primitive looks in the frame, fixed when it is compiled: pcap-filter's {@code vlan} moves every later
 * primitive 4 bytes further into the Ethernet header, and {@code geneve} (and our {@code vxlan}) move every later
 * primitive into the tunnelled frame. {@code outer} is null for the captured frame itself.
 */
record Layer(Layer outer, int tunnel, int vlans) {
    static final int NONE = 0;
    static final int VXLAN = 1;
    static final int GENEVE = 2;
    static final Layer CAPTURED = new Layer(null, NONE, 0);

    Layer withVlan() {
        return new Layer(outer, tunnel, vlans + 1);
    }

    Layer inside(int kind) {
        return new Layer(this, kind, 0);
    }
}
