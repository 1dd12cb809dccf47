package net.trafficmirror.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The part every EC2 Describe action shares: {@code Filter.N.Name} / {@code Filter.N.Value.M} filters (values of
 * one filter OR'ed, filters AND'ed, {@code *} and {@code ?} wildcards, {@code tag:KEY} and {@code tag-key} for
 * tags) and pagination by {@code MaxResults} / {@code NextToken} (EC2 API reference, "Filtering and pagination").
 *
 * @param <T> the resource type
 */
public final class Describe<T> {
    private final Map<String, Function<T, List<String>>> filters = new LinkedHashMap<>();
    private final Function<T, String> id;
    private final Function<T, Map<String, String>> tags;
    private final int minResults;

    /**
     * @param id   the resource's id, which NextToken remembers
     * @param tags the resource's tags, or null when it has none to filter by
     */
    public Describe(Function<T, String> id, Function<T, Map<String, String>> tags, int minResults) {
        this.id = id;
        this.tags = tags;
        this.minResults = minResults;
    }

    /** Adds a filter name whose values a resource has. */
    public Describe<T> filter(String name, Function<T, List<String>> values) {
        filters.put(name, values);
        return this;
    }

    /** Adds a filter name with one value per resource (null: the resource does not match). */
    public Describe<T> single(String name, Function<T, Object> value) {
        return filter(name, t -> {
            Object v = value.apply(t);
            return v == null ? List.of() : List.of(String.valueOf(v));
        });
    }

    /** The resources the request's filters select, in the given order. */
    public List<T> select(List<T> resources, QueryParameters request) {
        List<Function<T, List<String>>> tests = new ArrayList<>();
        List<List<Pattern>> wanted = new ArrayList<>();
        for (QueryParameters f : request.structures("Filter")) {
            String name = f.required("Name");
            Function<T, List<String>> values = filters.get(name);
            if (values == null && tags != null && name.startsWith("tag:")) {
                String key = name.substring(4);
                values = t -> {
                    String v = tags.apply(t).get(key);
                    return v == null ? List.of() : List.of(v);
                };
            } else if (values == null && tags != null && name.equals("tag-key")) {
                values = t -> List.copyOf(tags.apply(t).keySet());
            } else if (values == null && tags != null && name.equals("tag-value")) {
                values = t -> List.copyOf(tags.apply(t).values());
            }
            if (values == null) throw Ec2Error.invalidParameterValue("The filter '" + name + "' is invalid");
            List<Pattern> patterns = new ArrayList<>();
            for (String v : f.list("Value")) patterns.add(wildcard(v));
            tests.add(values);
            wanted.add(patterns);
        }
        List<T> out = new ArrayList<>();
        next:
        for (T t : resources) {
            for (int i = 0; i < tests.size(); i++) {
                if (!matchesAny(tests.get(i).apply(t), wanted.get(i))) continue next;
            }
            out.add(t);
        }
        return out;
    }

    /** One page of results and the token for the next, null when this is the last. */
    public record Page<T>(List<T> items, String nextToken) {}

    /**
     * The page the request's MaxResults and NextToken ask for. The token names the last resource returned and its
     * position, so a page resumes after that resource even when others were created or deleted meanwhile.
     */
    public Page<T> page(List<T> selected, QueryParameters request) {
        Integer max = request.integer("MaxResults");
        String token = request.string("NextToken");
        if (max != null && (max < minResults || max > 1000)) {
            throw Ec2Error.invalidParameterValue("Value (" + max + ") for parameter maxResults is invalid. Expecting a value between "
                    + minResults + " and 1000.");
        }
        int start = 0;
        if (token != null && !token.isEmpty()) start = resume(selected, token);
        int end = max == null ? selected.size() : Math.min(selected.size(), start + max);
        List<T> items = selected.subList(start, end);
        String next = null;
        if (end < selected.size()) {
            next = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((end + ":" + id.apply(selected.get(end - 1))).getBytes(StandardCharsets.UTF_8));
        }
        return new Page<>(List.copyOf(items), next);
    }

    private int resume(List<T> selected, String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            int position = Integer.parseInt(text.substring(0, colon));
            String lastId = text.substring(colon + 1);
            for (int i = 0; i < selected.size(); i++) if (id.apply(selected.get(i)).equals(lastId)) return i + 1;
            return Math.min(Math.max(position, 0), selected.size());
        } catch (RuntimeException e) {
            throw new Ec2Error("InvalidPaginationToken", "The pagination token is not valid: " + token);
        }
    }

    private static boolean matchesAny(List<String> values, List<Pattern> patterns) {
        for (String v : values) for (Pattern p : patterns) if (p.matcher(v).matches()) return true;
        return false;
    }

    private static Pattern wildcard(String value) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                literal.append(value.charAt(++i)); // EC2 escapes a literal * or ? with a backslash
            } else if (c == '*' || c == '?') {
                if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
