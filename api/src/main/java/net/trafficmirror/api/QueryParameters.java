package net.trafficmirror.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The parameters of an EC2 Query request, with the protocol's naming of structured values: a list member is
 * {@code Name.N} (N from 1), a structure member is {@code Name.Member}, and they nest
 * ({@code TagSpecification.1.Tag.2.Key}). Parameters may come in the query string, the form body, or both.
 */
public final class QueryParameters {
    private final Map<String, String> values;
    private final String prefix;

    private QueryParameters(Map<String, String> values, String prefix) {
        this.values = values;
        this.prefix = prefix;
    }

    /** Parses {@code application/x-www-form-urlencoded} texts (the query string, the body); the first of a name wins. */
    public static QueryParameters parse(String... encodedParts) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : encodedParts) {
            for (Map.Entry<String, String> p : pairs(part)) values.putIfAbsent(p.getKey(), p.getValue());
        }
        return new QueryParameters(values, "");
    }

    /**
     * Decodes {@code application/x-www-form-urlencoded} text into its name-value pairs, in order, repeats kept.
     *
     * @throws Ec2Error {@code MalformedQueryString} on a bad percent escape
     */
    public static List<Map.Entry<String, String>> pairs(String encoded) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) return out;
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            out.add(new AbstractMap.SimpleImmutableEntry<>(decode(eq < 0 ? pair : pair.substring(0, eq)),
                    eq < 0 ? "" : decode(pair.substring(eq + 1))));
        }
        return out;
    }

    public static QueryParameters of(Map<String, String> values) {
        return new QueryParameters(new LinkedHashMap<>(values), "");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Ec2Error("MalformedQueryString", "The query string contains a syntax error: " + s);
        }
    }

    /** The parameter's value, or null; an empty value counts as given. */
    public String string(String name) {
        return values.get(prefix + name);
    }

    public boolean has(String name) {
        return values.containsKey(prefix + name);
    }

    public String required(String name) {
        String v = string(name);
        if (v == null || v.isEmpty()) throw Ec2Error.missingParameter(prefix + name);
        return v;
    }

    /** An integer parameter, or null when absent. */
    public Integer integer(String name) {
        String v = string(name);
        if (v == null) return null;
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            throw Ec2Error.invalidValue(prefix + name, v);
        }
    }

    public int requiredInteger(String name) {
        required(name);
        return integer(name);
    }

    /** A boolean parameter; absent is false. */
    public boolean bool(String name) {
        String v = string(name);
        if (v == null) return false;
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Ec2Error.invalidValue(prefix + name, v);
        };
    }

    /** The values of the list {@code name.1, name.2, ...} in index order. */
    public List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String index : indices(name)) out.add(values.get(prefix + name + "." + index));
        return out;
    }

    /** The members of the list of structures {@code name.N.*}, in index order, each as its own parameter view. */
    public List<QueryParameters> structures(String name) {
        List<QueryParameters> out = new ArrayList<>();
        for (String index : indices(name)) out.add(new QueryParameters(values, prefix + name + "." + index + "."));
        return out;
    }

    /** The structure {@code name.*} as its own parameter view. */
    public QueryParameters structure(String name) {
        return new QueryParameters(values, prefix + name + ".");
    }

    /** Whether any parameter of the structure or list {@code name.*} was given. */
    public boolean hasAny(String name) {
        String p = prefix + name + ".";
        for (String k : values.keySet()) if (k.startsWith(p)) return true;
        return false;
    }

    /** All parameter names, for rejecting ones an action does not know. */
    public Set<String> names() {
        return values.keySet();
    }

    /** Every parameter but the signing ones, sorted: what a ClientToken's request is compared by. */
    public String fingerprint(Set<String> ignored) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(values).forEach((k, v) -> {
            if (!ignored.contains(k) && !k.startsWith("X-Amz-")) out.append(k).append('=').append(v).append('\n');
        });
        return out.toString();
    }

    private List<String> indices(String name) {
        String p = prefix + name + ".";
        TreeMap<Integer, String> found = new TreeMap<>();
        for (String k : values.keySet()) {
            if (!k.startsWith(p)) continue;
            int end = k.indexOf('.', p.length());
            String index = end < 0 ? k.substring(p.length()) : k.substring(p.length(), end);
            try {
                int n = Integer.parseInt(index);
                if (n < 1) throw Ec2Error.invalidParameterValue("List index of " + p + index + " must start at 1");
                found.putIfAbsent(n, index);
            } catch (NumberFormatException e) {
                throw new Ec2Error("UnknownParameter", "The parameter " + k + " is not recognized");
            }
        }
        return new ArrayList<>(found.values());
    }
}
