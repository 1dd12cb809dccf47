package net.trafficmirror.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.mirror.MirrorState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload within a second of a change, for in-place rewrites and for atomic replacement by rename; bad files reported. */
class FileConfigSourceTest {
    @Test
    void deliversEachChangeWithinASecondAndReportsBadFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mirror.yaml");
        Files.writeString(file, "v1");
        BlockingQueue<String> loaded = new LinkedBlockingQueue<>(), errors = new LinkedBlockingQueue<>();
        FileConfigSource source = new FileConfigSource(file, f -> {
            String text = Files.readString(f);
            if (text.startsWith("bad")) throw new IllegalArgumentException("Resources.X: unknown type");
            loaded.add(text);
            return MirrorState.EMPTY;
        });
        try (source) {
            source.loadNow();
            assertThat(loaded.poll()).isEqualTo("v1");
            source.start(s -> { }, errors::add);
            long t0 = System.nanoTime();
            Files.writeString(file, "v2");
            assertThat(loaded.poll(1, TimeUnit.SECONDS)).isEqualTo("v2");
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(1));

            Path tmp = dir.resolve("mirror.yaml.new");
            Files.writeString(tmp, "v3");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertThat(loaded.poll(1, TimeUnit.SECONDS)).isEqualTo("v3");

            Files.writeString(file, "bad");
            assertThat(errors.poll(1, TimeUnit.SECONDS)).isEqualTo(file + ": Resources.X: unknown type");
            Thread.sleep(600);
            assertThat(errors).as("a bad file is reported once per change").isEmpty();
            assertThat(loaded).isEmpty();
        }
    }
}
