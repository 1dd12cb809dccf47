package net.trafficmirror.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.trafficmirror.api.ControlPlaneClient;
import net.trafficmirror.api.PemTls;
import net.trafficmirror.linux.InterfaceFacts;
import net.trafficmirror.mirror.NetworkInterface;

/** What {@code --api URL} means to the agent and the collector: a client of the control plane, and registering a device. */
final class ApiConnection {
    private ApiConnection() {}

    /** A client with the access key from TMIRROR_ACCESS_KEY_ID / TMIRROR_SECRET_ACCESS_KEY, trusting {@code ca} if given. */
    static ControlPlaneClient client(URI api, Path ca) throws IOException {
        if (!"http".equals(api.getScheme()) && !"https".equals(api.getScheme()) || api.getHost() == null)
            throw new UserError("--api wants http://HOST:PORT or https://HOST:PORT, not '" + api + "'", 2);
        try {
            return ControlPlaneClient.fromEnvironment(api, ca == null ? null : PemTls.trusting(ca), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * Registers a local device as a network interface (its addresses and MAC from the kernel) and returns its eni- id:
     * {@code eniId} when given, else the one already registered for this host and device, else a new one.
     */
    static String register(ControlPlaneClient client, String device, String host, String eniId) throws IOException, InterruptedException {
        InterfaceFacts f;
        try {
            f = InterfaceFacts.of(device);
        } catch (IOException e) {
            throw new UserError(device + ": " + e.getMessage());
        }
        String hostName = host != null ? host : hostName();
        return client.register(new NetworkInterface(eniId, hostName, device, f.ipv4() == null ? List.of() : List.of(f.ipv4()),
                f.ipv6() == null ? List.of() : List.of(f.ipv6()), f.macText(), null, null, null, Map.of())).id();
    }

    /** The kernel's host name (the UTS namespace's, so each lab instance has its own), without asking DNS. */
    private static String hostName() throws IOException {
        Path uts = Path.of("/proc/sys/kernel/hostname");
        if (Files.isReadable(uts)) return Files.readString(uts).strip();
        return InetAddress.getLocalHost().getHostName();
    }
}
