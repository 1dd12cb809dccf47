package net.trafficmirror.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The link-type text of tcpdump's {@code reading from file F, link-type NAME (Description), ...} line:
 * libpcap's {@code pcap_datalink_val_to_name()} and {@code ..._description()}, recorded from tcpdump 4.99.3 in
 * {@code read-link-types.tsv}. A type libpcap has no name for prints as its number, as tcpdump does.
 */
final class ReadLinkTypes {
    private static final Map<Integer, String> TEXT = load();

    private ReadLinkTypes() {}

    static String describe(int linkType) {
        return TEXT.getOrDefault(linkType, Integer.toString(linkType));
    }

    private static Map<Integer, String> load() {
        Map<Integer, String> m = new HashMap<>();
        try (InputStream in = ReadLinkTypes.class.getResourceAsStream("read-link-types.tsv")) {
            if (in == null) throw new IllegalStateException("read-link-types.tsv missing from the jar");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) continue;
                int tab = line.indexOf('\t');
                m.put(Integer.parseInt(line.substring(0, tab)), line.substring(tab + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
