package net.trafficmirror.linux;

import java.util.Arrays;

/**
 * Sends complete IPv4 packets, headers included, in batches: an {@code AF_INET/SOCK_RAW/IPPROTO_RAW} socket
 * (raw(7): IPPROTO_RAW implies IP_HDRINCL and never receives, so it costs nothing on the receive path) driven by
 * sendmmsg(2). The caller writes each packet into a slot of {@link #messages()}, sets its length and destination,
 * then calls {@link #send}. Linux fills in the IPv4 total length and checksum and, when it is zero, the id.
 *
 * <p>Sends never block (MSG_DONTWAIT): a packet the socket cannot take now (EAGAIN: send buffer full; ENOBUFS:
 * the device queue dropped it, reported because IP_RECVERR is on) is reported per message, for the caller to count
 * as shed. The socket's SO_PRIORITY is 1 (TC_PRIO_FILLER), so under a priority qdisc such as pfifo_fast mirrored
 * packets wait behind the host's own traffic (AWS: "mirrored traffic is dropped first").
 */
public final class RawIpv4Sender implements AutoCloseable {
    private static final int TC_PRIO_FILLER = 1;
    private final int fd;
    private final MessageVector messages;
    private final int[] errors;

    private RawIpv4Sender(int fd, MessageVector messages) {
        this.fd = fd;
        this.messages = messages;
        errors = new int[messages.capacity()];
    }

    /**
     * @param batch           messages per sendmmsg call
     * @param slotSize        largest packet, bytes
     * @param sendBufferBytes SO_SNDBUF: how much may wait in the kernel before packets are shed
     * @throws ErrnoException EPERM without CAP_NET_RAW
     */
    public static RawIpv4Sender open(int batch, int slotSize, int sendBufferBytes) throws ErrnoException {
        int fd = Libc.check(Libc.socket(Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_RAW), "socket(AF_INET, SOCK_RAW)");
        try {
            Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_PRIORITY, TC_PRIO_FILLER, "SO_PRIORITY");
            Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, sendBufferBytes, "SO_SNDBUF");
            Libc.setIntOption(fd, Libc.IPPROTO_IP, Libc.IP_RECVERR, 1, "IP_RECVERR");
        } catch (ErrnoException e) {
            Libc.close(fd);
            throw e;
        }
        return new RawIpv4Sender(fd, new MessageVector(batch, slotSize));
    }

    public MessageVector messages() { return messages; }

    /**
     * Sends messages first..first+count-1 without blocking.
     *
     * @return how many were sent; {@link #error(int)} tells, per message, 0 (sent) or the errno that shed it
     */
    public int send(int first, int count) {
        int end = first + count;
        Arrays.fill(errors, first, end, 0);
        int sent = 0, i = first;
        while (i < end) {
            int r = Libc.sendmmsg(fd, messages.headers(i), end - i, Libc.MSG_DONTWAIT);
            if (r > 0) {
                i += r;
                sent += r;
                continue;
            }
            int errno = Libc.errno();
            if (errno == Libc.EINTR) continue;
            if (errno == Libc.EAGAIN) {
                // The send buffer is full: nothing else of this batch fits now, shed the rest.
                Arrays.fill(errors, i, end, errno);
                break;
            }
            errors[i++] = errno; // this one packet failed (ENOBUFS, EMSGSIZE, ENETUNREACH, ...); go on with the next
        }
        return sent;
    }

    /** 0 if message {@code i} of the last {@link #send} went out, else the errno that shed it. */
    public int error(int i) { return errors[i]; }

    @Override public void close() {
        Libc.close(fd);
        messages.close();
    }
}
