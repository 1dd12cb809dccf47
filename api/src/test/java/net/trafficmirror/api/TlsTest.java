package net.trafficmirror.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS with a certificate and key made by the real {@code openssl req -x509} (skipped without openssl unless
 * CI=true): the client trusting that certificate follows the state; the key in the legacy form is refused with a
 * hint.
 */
class TlsTest {
    @TempDir Path dir;

    @Test void clientFollowsStateOverTls() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        boolean made = openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        assumeTrue(made || "true".equals(System.getenv("CI")), "openssl is not installed");
        assertThat(made).as("openssl made a certificate").isTrue();

        ApiServer server = ApiServer.start(new ApiServer.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir.resolve("tls.db"),
                AccessKeys.of(RunningApi.KEY_ID, RunningApi.SECRET), PemTls.server(cert, key), ApiServer.Options.DEFAULT_OWNER_ID, Quotas.AWS),
                new SimpleMeterRegistry(), Clock.systemUTC());
        LinkedBlockingQueue<MirrorState> seen = new LinkedBlockingQueue<>();
        try (server; ControlPlaneClient client = new ControlPlaneClient(server.endpoint(), RunningApi.KEY_ID, RunningApi.SECRET,
                PemTls.trusting(cert))) {
            assertThat(server.endpoint().getScheme()).isEqualTo("https");
            String id = client.register(new NetworkInterface(null, "h", "eth0", List.of(), List.of(), null, null, null, null, Map.of())).id();
            client.start(seen::add, e -> { });
            MirrorState state = seen.poll(10, TimeUnit.SECONDS);
            assertThat(state).isNotNull();
            assertThat(state.networkInterfaces()).containsKey(id);
        }

        Path legacy = dir.resolve("legacy.pem");
        Files.writeString(legacy, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemTls.server(cert, legacy)).isInstanceOf(IOException.class).hasMessageContaining("openssl pkcs8 -topk8");
    }

    private static boolean openssl(String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("openssl"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
