package net.trafficmirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.trafficmirror.mirror.MirrorSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** Many clients at once: unique ids and VNIs, quotas that hold, nothing lost (the store agrees with memory). */
class ConcurrencyTest {
    @TempDir Path dir;

    @Test void parallelCreatesAreSerialised() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (RunningApi api = new RunningApi(dir); Ec2Client ec2 = api.ec2()) {
            List<String> sources = new ArrayList<>();
            for (int i = 0; i < 12; i++) sources.add(api.registerInterface("host" + i, "eth0", "10.100.1." + (i + 1), null));
            String collector = api.registerInterface("collector", "eth0", "10.100.0.177", null);
            String target = ec2.createTrafficMirrorTarget(b -> b.networkInterfaceId(collector)).trafficMirrorTarget().trafficMirrorTargetId();

            List<Callable<String>> filterCreates = new ArrayList<>();
            for (int i = 0; i < 24; i++) filterCreates.add(() -> ec2.createTrafficMirrorFilter(b -> b.description("parallel"))
                    .trafficMirrorFilter().trafficMirrorFilterId());
            List<String> filters = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(filterCreates)) filters.add(f.get());
            assertThat(filters).hasSize(24).doesNotHaveDuplicates();
            assertThat(api.server.state().filters()).hasSize(24);
            String filter = filters.getFirst();

            // Twelve racing sessions on one interface: AWS's quota of three holds.
            List<Callable<String>> onOne = new ArrayList<>();
            for (int n = 1; n <= 12; n++) {
                int number = n;
                onOne.add(() -> {
                    try {
                        return ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(sources.getFirst()).trafficMirrorTargetId(target)
                                .trafficMirrorFilterId(filter).sessionNumber(number)).trafficMirrorSession().trafficMirrorSessionId();
                    } catch (Ec2Exception e) {
                        return e.awsErrorDetails().errorCode();
                    }
                });
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(onOne)) outcomes.add(f.get());
            assertThat(outcomes.stream().filter(o -> o.startsWith("tms-"))).hasSize(3);
            assertThat(outcomes.stream().filter(o -> o.equals("TrafficMirrorSessionsPerInterfaceLimitExceeded"))).hasSize(9);

            // Sessions from eleven more sources with no VNI given: each gets its own random unused one; the
            // target's quota of ten sources (the first interface is one) stops two of them.
            List<Callable<String>> spread = new ArrayList<>();
            for (String source : sources.subList(1, 12)) {
                spread.add(() -> {
                    try {
                        return ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(source).trafficMirrorTargetId(target)
                                .trafficMirrorFilterId(filter).sessionNumber(1)).trafficMirrorSession().trafficMirrorSessionId();
                    } catch (Ec2Exception e) {
                        return e.awsErrorDetails().errorCode();
                    }
                });
            }
            List<String> spreadOutcomes = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(spread)) spreadOutcomes.add(f.get());
            assertThat(spreadOutcomes.stream().filter(o -> o.startsWith("tms-"))).hasSize(9);
            assertThat(spreadOutcomes.stream().filter(o -> o.equals("TrafficMirrorSourcesPerTargetLimitExceeded"))).hasSize(2);
            List<Integer> vnis = api.server.state().sessions().values().stream().map(MirrorSession::vni).toList();
            assertThat(vnis).hasSize(12).doesNotHaveDuplicates();

            // What memory holds is what the database holds.
            var inMemory = api.server.state();
            api.close();
            try (RunningApi reopened = new RunningApi(api.database, net.trafficmirror.mirror.Quotas.AWS)) {
                assertThat(reopened.server.state()).isEqualTo(inMemory);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
