package net.trafficmirror.collector;

/**
 * What the collector shows for a VNI: the mirror session's id (e.g. {@code tms-0123...}) and its name (the Name
 * tag, else the description). Either may be empty when the VNI is not known to the configuration.
 */
public record SessionLabel(String sessionId, String name) {
    public static final SessionLabel UNKNOWN = new SessionLabel("", "");

    /** The word used in file names, metric tags and status lines: the name, else the id, else "vni-N". */
    public String display(int vni) {
        if (!name.isEmpty()) return name;
        if (!sessionId.isEmpty()) return sessionId;
        return "vni-" + vni;
    }
}
