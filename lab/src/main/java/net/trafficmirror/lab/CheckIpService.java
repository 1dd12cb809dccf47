package net.trafficmirror.lab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The lab's checkip.amazonaws.com, run in the internet namespace: answers every HTTP request with the
 * caller's address and a newline, as the real service does, which inside the lab is the instance's public
 * address after the internet gateway's NAT. Started by {@link Lab} as {@code ip netns exec NS java ... ADDRESS PORT}.
 */
public final class CheckIpService {
    private CheckIpService() {}

    public static void main(String[] args) throws IOException {
        InetSocketAddress listen = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        HttpServer server = HttpServer.create(listen, 64);
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        System.out.println("checkip listening on " + args[0] + ":" + args[1]);
        System.out.flush();
    }
}
