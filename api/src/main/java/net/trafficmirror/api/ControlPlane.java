package net.trafficmirror.api;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.MirrorState;

/**
 * The registry made durable and observable: every change runs under one lock that encloses the registry's own,
 * is written to the store before anyone sees it (and undone in memory if the store refuses), and wakes the agents
 * and collectors waiting for a newer version. Reads take the registry's immutable snapshot without locking.
 */
public final class ControlPlane {
    private final MirrorRegistry registry;
    private final MirrorStore store;
    private final Supplier<MirrorRegistry> scratchRegistries;
    private final ReentrantLock writes = new ReentrantLock();
    private final Condition changed = writes.newCondition();
    private boolean closed;

    /**
     * @param registry          the live registry, already restored from the store
     * @param scratchRegistries makes empty registries with the same quotas, for DryRun
     */
    public ControlPlane(MirrorRegistry registry, MirrorStore store, Supplier<MirrorRegistry> scratchRegistries) {
        this.registry = registry;
        this.store = store;
        this.scratchRegistries = scratchRegistries;
    }

    public MirrorState state() { return registry.state(); }

    /** Asks the registry something without changing it (its describe operations check the ids). */
    public <T> T read(Function<MirrorRegistry, T> query) { return query.apply(registry); }

    /** Applies one change and stores it. */
    public <T> T change(Function<MirrorRegistry, T> operation) {
        writes.lock();
        try {
            return apply(operation, null, null);
        } finally {
            writes.unlock();
        }
    }

    /**
     * Applies a create that carries a ClientToken, idempotently (EC2 "Ensuring idempotency"): the first request with
     * the token runs and its response is stored with it; a repeat with the same parameters gets that response again;
     * a repeat with other parameters is refused with {@code IdempotentParameterMismatch}.
     *
     * @param render the response fragment for the result, stored with the token
     * @return the response fragment
     */
    public <T> String changeOnce(String action, String token, String fingerprint, Function<MirrorRegistry, T> operation,
                                 Function<T, String> render) {
        writes.lock();
        try {
            var previous = store.clientToken(action, token);
            if (previous.isPresent()) {
                if (!previous.get().fingerprint().equals(fingerprint)) {
                    throw new Ec2Error("IdempotentParameterMismatch", "The request uses the same client token as a previous, "
                            + "but non-identical request. Do not reuse a client token with different requests, unless the "
                            + "requests are identical.");
                }
                return previous.get().response();
            }
            String[] response = new String[1];
            apply(operation, result -> response[0] = render.apply(result),
                    () -> new MirrorStore.ClientToken(action, token, fingerprint, response[0]));
            return response[0];
        } finally {
            writes.unlock();
        }
    }

    private <T> T apply(Function<MirrorRegistry, T> operation, Consumer<T> beforeStore, Supplier<MirrorStore.ClientToken> token) {
        MirrorState previous = registry.state();
        T result = operation.apply(registry);
        if (beforeStore != null) beforeStore.accept(result);
        MirrorState next = registry.state();
        if (next != previous || token != null) {
            try {
                store.save(previous, next, token == null ? null : token.get());
            } catch (RuntimeException e) {
                registry.restore(previous);
                throw e;
            }
            if (next != previous) changed.signalAll();
        }
        return result;
    }

    /**
     * Runs an operation against a copy of the current state, for DryRun: it throws what the real one would, and
     * changes nothing.
     */
    public void tryOut(Consumer<MirrorRegistry> operation) {
        MirrorRegistry scratch = scratchRegistries.get();
        scratch.restore(registry.state());
        operation.accept(scratch);
    }

    /**
     * Waits until the state is newer than a version, or the time is up.
     *
     * @return the current state, newer than {@code version} unless the wait timed out
     */
    public MirrorState awaitNewerThan(long version, Duration atMost) throws InterruptedException {
        long nanos = atMost.toNanos();
        writes.lockInterruptibly();
        try {
            while (registry.state().version() <= version && nanos > 0 && !closed) nanos = changed.awaitNanos(nanos);
            return registry.state();
        } finally {
            writes.unlock();
        }
    }

    /** Stops waiting: every waiter answers at once (at shutdown). */
    public void close() {
        writes.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            writes.unlock();
        }
    }
}
