package net.trafficmirror.linux;

import java.io.IOException;

/** There is no network interface of that name in this network namespace. */
public final class NoSuchInterfaceException extends IOException {
    public NoSuchInterfaceException(String name) {
        super("no network interface '" + name + "' in this network namespace (see: ip link)");
    }
}
