package net.trafficmirror.linux;

import java.nio.file.Path;

/**
 * Network namespaces by name, as {@code ip netns} keeps them (bind mounts under /var/run/netns, ip-netns(8)).
 * A namespace belongs to a thread (setns(2)), and a socket keeps the namespace it was created in, so a thread that
 * enters one can open rings and sockets there while the rest of the JVM stays where it was.
 */
public final class NetworkNamespace {
    private NetworkNamespace() {}

    /** Moves the calling thread into the named namespace; needs CAP_SYS_ADMIN. */
    public static void enter(String name) throws ErrnoException {
        String path = Path.of("/var/run/netns", name).toString();
        int fd = Libc.check(Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC), "open(" + path + ")");
        try {
            Libc.check(Libc.setns(fd, Libc.CLONE_NEWNET), "setns(" + name + ")");
        } finally {
            Libc.close(fd);
        }
    }
}
