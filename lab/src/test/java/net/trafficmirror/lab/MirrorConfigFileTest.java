package net.trafficmirror.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.trafficmirror.mirror.FilterRule;
import net.trafficmirror.mirror.MirrorFilter;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.cfn.StackDeployer;
import net.trafficmirror.mirror.cfn.Template;
import net.trafficmirror.mirror.config.MirrorConfig;
import org.junit.jupiter.api.Test;

/** The lab's mirror state, written out and read back by the mirror model's own configuration loader, means the same. */
class MirrorConfigFileTest {
    @Test void mirroredSeedRoundTripsThroughTheAgentsConfigurationLoader() throws Exception {
        MirrorRegistry registry = new MirrorRegistry();
        Topology t = new Topology("ap-northeast-1");
        StackDeployer.deploy(Template.parse(Path.of("../examples/vpc-two-instances-mirrored.yaml")), Map.of(), "ap-northeast-1",
                new LabProvisioner(t, "rt", registry));
        MirrorState lab = registry.state();
        assertThat(lab.sessions()).hasSize(1);

        MirrorState read = MirrorConfig.parse(MirrorConfigFile.render(lab, "it's a test"), "mirror.yaml", Map.of(), Quotas.AWS).state();

        MirrorSession a = lab.sessions().firstEntry().getValue(), b = read.sessions().firstEntry().getValue();
        assertThat(b.vni()).isEqualTo(a.vni());
        assertThat(b.sessionNumber()).isEqualTo(1);
        assertThat(b.description()).isEqualTo("Client01 to Client02");
        assertThat(read.networkInterfaces().get(b.networkInterfaceId()).host()).isEqualTo("Client01");
        assertThat(read.networkInterfaces().get(b.networkInterfaceId()).interfaceName()).isEqualTo("eth0");
        assertThat(read.targetAddress(read.targets().get(b.targetId())))
                .isEqualTo(lab.targetAddress(lab.targets().get(a.targetId())));
        MirrorFilter fa = lab.filters().get(a.filterId()), fb = read.filters().get(b.filterId());
        for (List<List<FilterRule>> pair : List.of(List.of(fa.ingressRules(), fb.ingressRules()), List.of(fa.egressRules(), fb.egressRules()))) {
            assertThat(pair.get(1)).extracting(FilterRule::ruleNumber, FilterRule::protocol, FilterRule::action, r -> r.sourceCidr().toString())
                    .isEqualTo(pair.get(0).stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.ruleNumber(), r.protocol(), r.action(),
                            r.sourceCidr().toString())).toList());
        }
    }
}
