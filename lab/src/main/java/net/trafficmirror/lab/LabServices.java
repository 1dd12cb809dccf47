package net.trafficmirror.lab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import net.trafficmirror.linux.NetworkNamespace;

/**
 * The services a lab's hosts expect from AWS, in one small JVM that {@link Lab} starts in the internet namespace:
 * <ul>
 * <li>{@code checkip NS ADDRESS PORT}: checkip.amazonaws.com, answering every HTTP request with the caller's
 *     address and a newline as the real service does: inside the lab, the instance's public address after NAT;</li>
 * <li>{@code dns NS ADDRESS HOSTS}: the VPC resolver at base+2 (AWS VPC User Guide, "Amazon DNS server") for the
 *     lab's names: A records from a hosts-format file (RFC 1035 §4 message format), NXDOMAIN for other names,
 *     since the lab's internet has no DNS of its own.</li>
 * </ul>
 * Each service's thread enters its namespace (setns(2)) before opening its socket; a socket stays in the
 * namespace it was opened in. Prints {@code lab services ready} once every socket is open.
 */
public final class LabServices {
    private LabServices() {}

    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        CountDownLatch ready = new CountDownLatch(a.size() / 4);
        for (int i = 0; i + 3 < a.size(); i += 4) {
            String kind = a.get(i), ns = a.get(i + 1), address = a.get(i + 2), extra = a.get(i + 3);
            Thread.ofPlatform().name(kind + "-" + ns).start(() -> {
                try {
                    NetworkNamespace.enter(ns);
                    if (kind.equals("checkip")) checkip(address, Integer.parseInt(extra), ready);
                    else dns(address, Path.of(extra), ready);
                } catch (Exception e) {
                    System.out.println(kind + " in " + ns + " failed: " + e.getMessage());
                    System.out.flush();
                    System.exit(1);
                }
            });
        }
        ready.await();
        System.out.println("lab services ready");
        System.out.flush();
    }

    private static void checkip(String address, int port, CountDownLatch ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
        server.createContext("/", exchange -> {
            byte[] body = (exchange.getRemoteAddress().getAddress().getHostAddress() + "\n").getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        ready.countDown();
    }

    private static void dns(String address, Path hosts, CountDownLatch ready) throws IOException {
        Map<String, byte[]> names = new HashMap<>();
        for (String line : Files.readAllLines(hosts)) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || f[0].startsWith("#") || f[0].contains(":")) continue;
            byte[] ip = InetAddress.getByName(f[0]).getAddress();
            for (int k = 1; k < f.length; k++) names.putIfAbsent(f[k].toLowerCase(Locale.ROOT), ip);
        }
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 53))) {
            ready.countDown();
            byte[] buf = new byte[512];
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            while (true) {
                packet.setData(buf);
                socket.receive(packet);
                byte[] reply = DnsAnswer.reply(buf, packet.getLength(), names);
                if (reply != null) socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            }
        }
    }
}
