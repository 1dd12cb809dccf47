package net.trafficmirror.api;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import net.trafficmirror.mirror.Quotas;

/** An API server in its own JVM, so a test can kill -9 it: {@code ChildApi DB PORTFILE}. */
public final class ChildApi {
    private ChildApi() {}

    public static void main(String[] args) throws Exception {
        ApiServer server = ApiServer.start(new ApiServer.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Path.of(args[0]),
                AccessKeys.of(RunningApi.KEY_ID, RunningApi.SECRET), null, ApiServer.Options.DEFAULT_OWNER_ID, Quotas.AWS),
                new SimpleMeterRegistry(), Clock.systemUTC());
        Path ready = Path.of(args[1] + ".tmp");
        Files.writeString(ready, server.endpoint().toString());
        Files.move(ready, Path.of(args[1]));
        Thread.currentThread().join();
    }

    /** Starts one and waits for its endpoint. */
    static Process start(Path db, Path endpointFile) throws Exception {
        Files.deleteIfExists(endpointFile);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ChildApi.class.getName(), db.toString(), endpointFile.toString())
                .redirectErrorStream(true).redirectOutput(db.resolveSibling(db.getFileName() + ".log").toFile()).start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(endpointFile)) {
            if (!p.isAlive()) throw new IllegalStateException("child API exited with " + p.exitValue());
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("child API did not start in 30 s");
            }
            Thread.sleep(50);
        }
        return p;
    }
}
