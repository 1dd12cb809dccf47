package net.trafficmirror.agent;

import java.util.function.Consumer;
import net.trafficmirror.mirror.MirrorState;

/**
 * Where the agent's mirror configuration comes from: a file ({@link FileConfigSource}) or the control plane
 * (written in the api module, wired in by the cli). A source delivers a whole {@link MirrorState} snapshot each
 * time something changes; the agent compiles the plan for its interface and swaps it in without stopping capture.
 */
public interface ConfigSource extends AutoCloseable {
    /**
     * Starts delivering snapshots to {@code onChange}, from any thread; a snapshot that cannot be used is reported
     * to {@code onError} (one line of text) and the agent keeps its previous configuration.
     */
    void start(Consumer<MirrorState> onChange, Consumer<String> onError);

    /** Stops delivering. */
    @Override void close();
}
