package net.trafficmirror.collector;

import net.trafficmirror.packet.LinkType;

/** Fills a {@link TunnelDatagram} as the receive loop would, for driving sinks directly. */
final class Datagrams {
    private Datagrams() {}

    static MirrorSessionTraffic session(int vni, String name) {
        return new MirrorSessionTraffic(vni, new SessionLabel("tms-" + Integer.toHexString(vni), name));
    }

    static TunnelDatagram of(MirrorSessionTraffic session, byte[] frame, long seconds, int nanos) {
        TunnelDatagram d = new TunnelDatagram();
        int off = d.payloadOffset + 8;
        System.arraycopy(TestFrames.vxlan(session.vni, frame), 0, d.buffer, d.payloadOffset, frame.length + 8);
        d.payloadLength = frame.length + 8;
        d.tunnel.status = 0;
        d.tunnel.vni = session.vni;
        d.tunnel.frameOffset = off;
        d.tunnel.frameLength = frame.length;
        d.inner.decode(d.buffer, off, frame.length, frame.length, LinkType.ETHERNET);
        d.innerWireLength = frame.length;
        d.session = session;
        d.seconds = seconds;
        d.nanos = nanos;
        d.senderAddress = new byte[] {10, 100, 0, (byte) 223};
        d.senderPort = 65431;
        d.localAddress = new byte[] {10, 100, 0, (byte) 177};
        d.localPort = 4789;
        return d;
    }
}
