package net.trafficmirror.collector;

import java.time.Instant;

/**
 * Wall-clock time with nanosecond digits and no allocation per read: {@link System#nanoTime()} offset from an
 * {@link Instant} taken at calibration. {@link #calibrate()} runs on every tick so a stepped system clock is
 * followed within a fraction of a second.
 */
final class WallClock {
    private long baseEpochNanos, baseNanoTime;
    long seconds;
    int nanos;

    WallClock() { calibrate(); }

    void calibrate() {
        Instant now = Instant.now();
        baseNanoTime = System.nanoTime();
        baseEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Reads the clock into {@link #seconds} and {@link #nanos}. */
    void read() {
        long t = baseEpochNanos + (System.nanoTime() - baseNanoTime);
        seconds = Math.floorDiv(t, 1_000_000_000L);
        nanos = (int) Math.floorMod(t, 1_000_000_000L);
    }
}
