package net.trafficmirror.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.trafficmirror.mirror.MirrorState;

/**
 * A configuration file, reloaded when it changes: its content is compared every 250 ms (so a changed session takes
 * effect within a second, whether the file was rewritten in place, within the clock's resolution, or replaced by
 * a rename as editors and config-management tools do). A file that fails to load is reported once per change and
 * the previous configuration stays.
 */
public final class FileConfigSource implements ConfigSource {
    /** Reads a configuration file; throws with a one-line message naming the offending field. */
    @FunctionalInterface
    public interface Loader {
        MirrorState load(Path file) throws Exception;
    }

    static final long PERIOD_MILLIS = 250;
    private final Path file;
    private final Loader loader;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tmirror-config-watch");
        t.setDaemon(true);
        return t;
    });
    private byte[] lastContent;

    public FileConfigSource(Path file, Loader loader) {
        this.file = file;
        this.loader = loader;
    }

    /** Loads the file once, now: the agent refuses to start on a bad file (one line, exit 1). */
    public MirrorState loadNow() throws Exception {
        lastContent = content();
        return loader.load(file);
    }

    @Override
    public void start(Consumer<MirrorState> onChange, Consumer<String> onError) {
        timer.scheduleWithFixedDelay(() -> {
            byte[] c = content();
            if (c == null || Arrays.equals(c, lastContent)) return;
            lastContent = c;
            try {
                onChange.accept(loader.load(file));
            } catch (Exception e) {
                onError.accept(file + ": " + e.getMessage());
            }
        }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private byte[] content() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null; // the file is being replaced; look again next time
        }
    }

    @Override public void close() { timer.shutdownNow(); }
}
