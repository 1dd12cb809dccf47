package net.trafficmirror.cli;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import net.trafficmirror.api.AccessKeys;
import net.trafficmirror.api.ApiServer;
import net.trafficmirror.metrics.MetricsEndpoint;
import net.trafficmirror.api.PemTls;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.Quotas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tmirror api}: the EC2-compatible Traffic Mirroring API with its SQLite store, for the AWS CLI, the SDKs,
 * and the agents and collectors that follow it.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = {"Run the EC2-compatible Traffic Mirroring API (EC2 Query protocol, SigV4) with a durable SQLite store.",
                "Use it with the AWS CLI as it is: aws ec2 describe-traffic-mirror-sessions --endpoint-url http://127.0.0.1:8787 --region us-east-1"})
public final class ApiCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8787",
            description = "Address to serve on (default ${DEFAULT-VALUE}; loopback unless you mean otherwise).")
    String listen;

    @Option(names = "--db", paramLabel = "PATH", defaultValue = "tmirror-api.db",
            description = "SQLite database holding every resource (created if missing; default ${DEFAULT-VALUE}).")
    Path database;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = {"Access keys accepted, in the AWS shared credentials format: [section] lines with aws_access_key_id and "
                    + "aws_secret_access_key. Without it: TMIRROR_ACCESS_KEY_ID and TMIRROR_SECRET_ACCESS_KEY."})
    Path credentials;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS with this certificate chain (needs --tls-key).")
    Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Unencrypted PKCS #8 private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve Prometheus metrics at http://HOST:PORT/metrics.")
    String metrics;

    @Option(names = "--owner-id", paramLabel = "ACCOUNT", defaultValue = ApiServer.Options.DEFAULT_OWNER_ID,
            description = "Account id shown as ownerId (default ${DEFAULT-VALUE}).")
    String ownerId;

    @Option(names = "--quota", paramLabel = "NAME=N", description = {"Raise an AWS quota: sessions-per-interface (3), rules-per-filter (10), "
            + "sources-per-target (10), sessions (10000), targets (10000), filters (10000)."})
    Map<String, Integer> quotas = new LinkedHashMap<>();

    @Override public Integer call() throws Exception {
        AccessKeys keys = keys();
        if ((tlsCertificate == null) != (tlsKey == null)) throw new UserError("--tls-cert and --tls-key go together");
        SSLContext tls = tlsCertificate == null ? null : PemTls.server(tlsCertificate, tlsKey);
        if (!ownerId.matches("[0-9]{12}")) throw new UserError("--owner-id: an AWS account id is 12 digits, got '" + ownerId + "'");
        InetSocketAddress address = AgentCommand.parseEndpoint(listen, "--listen");
        InetSocketAddress metricsAddress = metrics == null ? null : AgentCommand.parseEndpoint(metrics, "--metrics");

        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ApiServer server;
        try {
            server = ApiServer.start(new ApiServer.Options(address, database, keys, tls, ownerId, quotas()), meters, Clock.systemUTC());
        } catch (java.net.BindException e) {
            throw new UserError("--listen " + listen + ": " + e.getMessage());
        }
        MetricsEndpoint metricsEndpoint;
        try {
            metricsEndpoint = metricsAddress == null ? null : MetricsEndpoint.start(metricsAddress, meters);
        } catch (IOException e) {
            server.close();
            throw new UserError("--metrics " + metrics + ": " + e.getMessage());
        }
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals signals = StopSignals.install("api", stop::countDown);
        try {
            System.out.println("tmirror api: serving the EC2 Query API (2016-11-15) at " + server.endpoint() + ", agents at "
                    + server.endpoint() + "/tmirror/v1/; db " + database + " (" + describe(server.state()) + "); "
                    + keys.size() + " access key(s)" + (metricsEndpoint == null ? "" : "; metrics at http://" + metrics + "/metrics"));
            System.out.flush();
            stop.await();
        } finally {
            // Long polls answer at once, requests in progress get a second, then the database closes.
            if (metricsEndpoint != null) metricsEndpoint.close();
            server.close();
            signals.close();
        }
        System.out.println("tmirror api: stopped; " + requests(meters) + "; db " + database + " (" + describe(server.state()) + ")");
        return 0;
    }

    private static String describe(MirrorState s) {
        return "version " + s.version() + ": " + s.networkInterfaces().size() + " interfaces, " + s.targets().size() + " targets, "
                + s.filters().size() + " filters, " + s.sessions().size() + " sessions";
    }

    /** The EC2 requests served, from the timer the endpoint keeps per action and result code. */
    private static String requests(PrometheusMeterRegistry meters) {
        long all = 0, failed = 0;
        for (Timer t : meters.find("tmirror_api_requests").timers()) {
            all += t.count();
            if (!"OK".equals(t.getId().getTag("code"))) failed += t.count();
        }
        return all + " EC2 requests served (" + failed + " answered with an error)";
    }

    private AccessKeys keys() throws IOException {
        if (credentials != null) {
            try {
                return AccessKeys.load(credentials);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UserError("--credentials " + credentials + ": no such file");
            }
        }
        try {
            return AccessKeys.fromEnvironment(System.getenv()).orElseThrow(() -> new UserError(
                    "no access keys: give --credentials FILE or set " + AccessKeys.ENV_ACCESS_KEY_ID + " and " + AccessKeys.ENV_SECRET_ACCESS_KEY));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private Quotas quotas() {
        Quotas q = Quotas.AWS;
        Map<String, Integer> v = new LinkedHashMap<>(Map.of("sessions-per-interface", q.sessionsPerInterface(), "rules-per-filter", q.rulesPerFilter(),
                "sources-per-target", q.sourcesPerTarget(), "sessions", q.sessionsPerAccount(), "targets", q.targetsPerAccount(),
                "filters", q.filtersPerAccount()));
        quotas.forEach((name, value) -> {
            if (!v.containsKey(name)) throw new UserError("--quota " + name + ": unknown quota; one of " + String.join(", ", v.keySet()));
            if (value < 1) throw new UserError("--quota " + name + "=" + value + ": must be at least 1");
            v.put(name, value);
        });
        return new Quotas(v.get("sessions-per-interface"), v.get("rules-per-filter"), v.get("sources-per-target"), v.get("sessions"),
                v.get("targets"), v.get("filters"));
    }
}
