package net.trafficmirror.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Serves Prometheus text exposition (format 0.0.4) at {@code GET /metrics}, for every service of this project
 * (agent, collector, API). The text is produced on each scrape, so counters kept as plain longs on a hot path
 * cost nothing until someone asks.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Serves a registry's scrape. */
    public static MetricsEndpoint start(InetSocketAddress listen, PrometheusMeterRegistry registry) throws IOException {
        return start(listen, registry::scrape);
    }

    /** Serves whatever {@code scrape} returns, e.g. a registry's text after registering meters that appeared since. */
    public static MetricsEndpoint start(InetSocketAddress listen, Supplier<String> scrape) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(listen, 16);
        } catch (IOException e) {
            throw new IOException("metrics: cannot listen on " + listen.getHostString() + ":" + listen.getPort()
                    + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return new MetricsEndpoint(server);
    }

    /** The address served (its port when 0 was asked). */
    public InetSocketAddress address() { return server.getAddress(); }

    @Override public void close() { server.stop(0); }
}
