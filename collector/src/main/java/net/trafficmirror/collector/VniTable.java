package net.trafficmirror.collector;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/** VNI → session, open addressing over int keys: a per-packet lookup without boxing. */
final class VniTable {
    private int[] keys = new int[64];
    private MirrorSessionTraffic[] values = new MirrorSessionTraffic[64];
    /** Written by the receive thread, read by status and metrics threads: new sessions are rare. */
    private final List<MirrorSessionTraffic> order = new CopyOnWriteArrayList<>();

    MirrorSessionTraffic get(int vni) {
        int mask = keys.length - 1;
        for (int i = mix(vni) & mask; ; i = (i + 1) & mask) {
            MirrorSessionTraffic v = values[i];
            if (v == null) return null;
            if (keys[i] == vni) return v;
        }
    }

    void put(int vni, MirrorSessionTraffic s) {
        if ((order.size() + 1) * 2 > keys.length) grow();
        insert(keys, values, vni, s);
        order.add(s);
    }

    List<MirrorSessionTraffic> all() { return List.copyOf(order); }

    private void grow() {
        int[] k = new int[keys.length * 2];
        MirrorSessionTraffic[] v = new MirrorSessionTraffic[k.length];
        for (int i = 0; i < keys.length; i++) if (values[i] != null) insert(k, v, keys[i], values[i]);
        keys = k;
        values = v;
    }

    private static void insert(int[] k, MirrorSessionTraffic[] v, int vni, MirrorSessionTraffic s) {
        int mask = k.length - 1;
        int i = mix(vni) & mask;
        while (v[i] != null && k[i] != vni) i = (i + 1) & mask;
        k[i] = vni;
        v[i] = s;
    }

    private static int mix(int x) { return x * 0x9E3779B9 ^ (x >>> 16); }
}
