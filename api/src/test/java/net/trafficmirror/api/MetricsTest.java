package net.trafficmirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import net.trafficmirror.metrics.MetricsEndpoint;
import net.trafficmirror.mirror.Quotas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Requests are counted per action and result code on the Prometheus endpoint, with the state version. */
class MetricsTest {
    @Test void requestsAndVersionAreExposed(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ApiServer server = ApiServer.start(new ApiServer.Options(loopback, dir.resolve("m.db"), AccessKeys.of(RunningApi.KEY_ID, RunningApi.SECRET),
                     null, ApiServer.Options.DEFAULT_OWNER_ID, Quotas.AWS), meters, Clock.systemUTC());
             MetricsEndpoint metrics = MetricsEndpoint.start(loopback, meters);
             Ec2Client ec2 = Ec2Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(() -> AwsBasicCredentials.create(RunningApi.KEY_ID, RunningApi.SECRET)).build();
             HttpClient http = HttpClient.newHttpClient()) {
            ec2.createTrafficMirrorFilter(b -> b.description("counted"));
            URI uri = URI.create("http://" + metrics.address().getAddress().getHostAddress() + ":" + metrics.address().getPort() + "/metrics");
            String text = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(text).contains("tmirror_api_requests_seconds_count{action=\"CreateTrafficMirrorFilter\",code=\"OK\"} 1")
                    .contains("tmirror_api_state_version 1.0").contains("tmirror_api_long_polls 0.0");
        }
    }
}
