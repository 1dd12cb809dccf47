package net.trafficmirror.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.trafficmirror.mirror.config.MirrorConfig;
import org.junit.jupiter.api.Test;

/** VNI → session names from the seed's mirror configuration (examples/seed-mirror.yaml). */
class SessionCatalogTest {
    @Test void namesTheSeedSessionByItsVni() throws Exception {
        MirrorConfig config = MirrorConfig.load(Path.of("..", "examples", "seed-mirror.yaml"));
        SessionCatalog catalog = new SessionCatalog();
        long before = catalog.version();
        catalog.replace(config.state());
        assertThat(catalog.version()).isGreaterThan(before);
        SessionLabel label = catalog.label(7348185);
        assertThat(label.sessionId()).startsWith("tms-");
        assertThat(label.name()).isEqualTo("Client01 to Client02");
        assertThat(catalog.label(1)).isEqualTo(SessionLabel.UNKNOWN);
        assertThat(SessionLabel.UNKNOWN.display(1)).isEqualTo("vni-1");
    }
}
