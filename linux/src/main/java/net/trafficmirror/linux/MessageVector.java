package net.trafficmirror.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A reusable array of {@code struct mmsghdr} (sendmmsg(2), recvmmsg(2)) with, per message, one iovec over its own
 * buffer slot and its own socket address. All of it lives in one native arena, allocated once, so a batch costs
 * no allocation.
 *
 * <p>Layouts (LP64 Linux, sys/socket.h): struct msghdr is {@code msg_name@0, msg_namelen@8, msg_iov@16,
 * msg_iovlen@24, msg_control@32, msg_controllen@40, msg_flags@48} = 56 bytes; struct mmsghdr adds
 * {@code msg_len@56}, padded to 64. struct iovec is {@code iov_base@0, iov_len@8} = 16 bytes.
 */
public final class MessageVector implements AutoCloseable {
    static final int MMSGHDR = 64, IOVEC = 16;
    private static final int NAME = 0, NAMELEN = 8, IOV = 16, IOVLEN = 24, MSG_LEN = 56;

    private final Arena arena = Arena.ofShared();
    private final int capacity, slotSize;
    private final MemorySegment headers, iovecs, names, buffers;

    /** @param capacity messages per batch; @param slotSize bytes of buffer per message */
    public MessageVector(int capacity, int slotSize) {
        this.capacity = capacity;
        this.slotSize = slotSize;
        headers = arena.allocate((long) MMSGHDR * capacity, 8);
        iovecs = arena.allocate((long) IOVEC * capacity, 8);
        names = arena.allocate((long) SocketAddresses.MAX_LENGTH * capacity, 8);
        buffers = arena.allocate((long) slotSize * capacity, 64);
        for (int i = 0; i < capacity; i++) {
            MemorySegment iov = iovecs.asSlice((long) IOVEC * i, IOVEC);
            iov.set(ADDRESS, 0, buffers.asSlice((long) slotSize * i, slotSize));
            iov.set(JAVA_LONG, 8, slotSize);
            long h = (long) MMSGHDR * i;
            headers.set(ADDRESS, h + NAME, names.asSlice((long) SocketAddresses.MAX_LENGTH * i, SocketAddresses.MAX_LENGTH));
            headers.set(JAVA_INT, h + NAMELEN, SocketAddresses.MAX_LENGTH);
            headers.set(ADDRESS, h + IOV, iov);
            headers.set(JAVA_LONG, h + IOVLEN, 1);
        }
    }

    public int capacity() { return capacity; }

    public int slotSize() { return slotSize; }

    /** The whole buffer area; message {@code i}'s slot starts at {@link #slotOffset}. */
    public MemorySegment buffers() { return buffers; }

    public long slotOffset(int i) { return (long) slotSize * i; }

    /** The array of struct mmsghdr, starting at message {@code first}, to pass to sendmmsg/recvmmsg. */
    public MemorySegment headers(int first) { return headers.asSlice((long) MMSGHDR * first); }

    /** Sets how many bytes of message {@code i}'s slot to send. */
    public void setLength(int i, int length) { iovecs.set(JAVA_LONG, (long) IOVEC * i + 8, length); }

    /** Sets message {@code i}'s destination from a prepared socket address of {@code length} bytes. */
    public void setName(int i, MemorySegment sockaddr, int length) {
        MemorySegment.copy(sockaddr, 0, names, (long) SocketAddresses.MAX_LENGTH * i, length);
        headers.set(JAVA_INT, (long) MMSGHDR * i + NAMELEN, length);
    }

    /** Message {@code i}'s socket address (the sender after recvmmsg). */
    public MemorySegment name(int i) { return names.asSlice((long) SocketAddresses.MAX_LENGTH * i, SocketAddresses.MAX_LENGTH); }

    /** Before a recvmmsg: gives every message its whole slot and room for any address. */
    public void resetForReceive(int count) {
        for (int i = 0; i < count; i++) {
            setLength(i, slotSize);
            headers.set(JAVA_INT, (long) MMSGHDR * i + NAMELEN, SocketAddresses.MAX_LENGTH);
        }
    }

    /** Bytes the kernel sent or received for message {@code i} (msg_len). */
    public int transferred(int i) { return headers.get(JAVA_INT, (long) MMSGHDR * i + MSG_LEN); }

    /** msg_flags of message {@code i} after recvmmsg (MSG_TRUNC = 0x20 when the datagram was longer than the slot). */
    public int flags(int i) { return headers.get(JAVA_INT, (long) MMSGHDR * i + 48); }

    @Override public void close() { arena.close(); }
}
