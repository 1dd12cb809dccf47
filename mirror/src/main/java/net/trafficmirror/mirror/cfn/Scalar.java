package net.trafficmirror.mirror.cfn;

import java.util.List;
import java.util.Map;

/**
 * CloudFormation's loose scalar typing for resolved property values: templates write {@code '22'} and {@code 22},
 * {@code 'true'} and {@code true} interchangeably, and the service converts them to the property's schema type.
 * Each accessor names the property path in its error.
 */
public final class Scalar {
    private Scalar() {}

    /** The value as a string, or {@code null} when absent; lists and maps are an error. */
    public static String text(Object value, String path) throws TemplateException {
        if (value == null) return null;
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            throw new TemplateException(path, "must be a single value, got " + describe(value));
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) return Long.toString(d.longValue());
        return value.toString();
    }

    /** The value as an integer, or {@code fallback} when absent. */
    public static long integer(Object value, String path, long fallback) throws TemplateException {
        String s = text(value, path);
        if (s == null) return fallback;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new TemplateException(path, "must be an integer, got '" + s + "'");
        }
    }

    /** The value as a boolean ({@code true}/{@code false} in any case), or {@code fallback} when absent. */
    public static boolean bool(Object value, String path, boolean fallback) throws TemplateException {
        String s = text(value, path);
        if (s == null) return fallback;
        if (s.equalsIgnoreCase("true")) return true;
        if (s.equalsIgnoreCase("false")) return false;
        throw new TemplateException(path, "must be true or false, got '" + s + "'");
    }

    static String describe(Object value) {
        if (value instanceof List<?>) return "a list";
        if (value instanceof Map<?, ?>) return "a map";
        return "'" + value + "'";
    }
}
