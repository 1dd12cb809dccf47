package net.trafficmirror.mirror;

/**
 * Traffic Mirroring quotas (TM-PDF "Quotas"). {@link #AWS} holds AWS's values; AWS does not let them be raised,
 * this system does, through configuration (issue 3: "quotas, AWS's as defaults that a configuration may raise").
 */
public record Quotas(int sessionsPerInterface, int rulesPerFilter, int sourcesPerTarget,
                     int sessionsPerAccount, int targetsPerAccount, int filtersPerAccount) {
    public static final Quotas AWS = new Quotas(3, 10, 10, 10_000, 10_000, 10_000);

    public Quotas {
        if (sessionsPerInterface < 1 || rulesPerFilter < 1 || sourcesPerTarget < 1 || sessionsPerAccount < 1
                || targetsPerAccount < 1 || filtersPerAccount < 1) throw new IllegalArgumentException("quotas must be positive");
    }
}
