package net.trafficmirror.linux;

import java.io.IOException;

/**
 * A failed libc call: the call, what it was for, and errno with its symbolic name and strerror(3) text, e.g.
 * {@code socket(AF_PACKET): Operation not permitted (EPERM)}.
 */
public final class ErrnoException extends IOException {
    private final int errno;

    public ErrnoException(String call, int errno) {
        super(call + ": " + Libc.strerror(errno) + " (" + Libc.errnoName(errno) + ")");
        this.errno = errno;
    }

    public int errno() { return errno; }

    /** True for EPERM/EACCES: the process lacks a capability (CAP_NET_RAW, CAP_NET_ADMIN). */
    public boolean isPermissionDenied() { return errno == Libc.EPERM || errno == Libc.EACCES; }
}
