package net.trafficmirror.mirror.cfn;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides each template parameter's value from the given values and the defaults, and checks it the way
 * CloudFormation does before creating anything: Type (String, Number, List&lt;Number&gt;, CommaDelimitedList,
 * AWS-specific types), AllowedValues, AllowedPattern (whole value), Min/MaxLength, Min/MaxValue.
 * A value is a {@code String}, or a {@code List<String>} for list types.
 *
 * <p>AWS-specific types ({@code AWS::EC2::KeyPair::KeyName}, ...) are taken as strings without looking the ids up,
 * and {@code AWS::SSM::Parameter::Value<...>} resolves to the parameter's name: there is no parameter store here.
 */
final class ParameterValues {
    private ParameterValues() {}

    static Map<String, Object> resolve(Template template, Map<String, String> given) throws TemplateException {
        Map<String, Map<String, Object>> declared = template.parameters();
        for (String name : given.keySet()) {
            if (!declared.containsKey(name)) {
                throw template.error("Parameters", "the template has no parameter '" + name + "' (it has: "
                        + String.join(", ", declared.keySet()) + ")");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> p : declared.entrySet()) {
            String name = p.getKey();
            Map<String, Object> decl = p.getValue();
            String path = "Parameters." + name;
            if (!(decl.get("Type") instanceof String type)) throw template.error(path + ".Type", "a parameter needs a Type");
            String raw = given.get(name);
            if (raw == null) {
                Object def = decl.get("Default");
                if (def == null) throw template.error(path, "no value given (--param " + name + "=...) and no Default");
                raw = def instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : Scalar.text(def, path + ".Default");
            }
            values.put(name, check(template, path, name, type, decl, raw));
        }
        return values;
    }

    private static Object check(Template template, String path, String name, String type, Map<String, Object> decl, String raw)
            throws TemplateException {
        boolean list = type.startsWith("List<") || type.equals("CommaDelimitedList");
        List<String> items = list ? splitList(raw) : List.of(raw);
        boolean number = type.equals("Number") || type.equals("List<Number>");
        String constraint = decl.get("ConstraintDescription") instanceof String c ? " (" + c.strip() + ")" : "";
        for (String item : items) {
            String shown = "parameter " + name + " value '" + item + "'";
            if (number) {
                BigDecimal n;
                try {
                    n = new BigDecimal(item.strip());
                } catch (NumberFormatException e) {
                    throw template.error(path, shown + " is not a number" + constraint);
                }
                BigDecimal min = decimal(template, decl, path, "MinValue");
                BigDecimal max = decimal(template, decl, path, "MaxValue");
                if (min != null && n.compareTo(min) < 0) throw template.error(path, shown + " is below MinValue " + min.toPlainString() + constraint);
                if (max != null && n.compareTo(max) > 0) throw template.error(path, shown + " is above MaxValue " + max.toPlainString() + constraint);
            } else {
                long minLength = Scalar.integer(decl.get("MinLength"), path + ".MinLength", -1);
                long maxLength = Scalar.integer(decl.get("MaxLength"), path + ".MaxLength", -1);
                if (minLength >= 0 && item.length() < minLength) throw template.error(path, shown + " is shorter than MinLength " + minLength + constraint);
                if (maxLength >= 0 && item.length() > maxLength) throw template.error(path, shown + " is longer than MaxLength " + maxLength + constraint);
                if (decl.get("AllowedPattern") instanceof String pattern) {
                    boolean matches;
                    try {
                        matches = Pattern.compile(pattern).matcher(item).matches();
                    } catch (PatternSyntaxException e) {
                        throw template.error(path + ".AllowedPattern", "not a valid regular expression: " + e.getDescription());
                    }
                    if (!matches) throw template.error(path, shown + " does not match AllowedPattern " + pattern + constraint);
                }
            }
            if (decl.get("AllowedValues") instanceof List<?> allowed) {
                boolean ok = false;
                for (Object a : allowed) ok |= same(Scalar.text(a, path + ".AllowedValues"), item, number);
                if (!ok) throw template.error(path, shown + " is not one of AllowedValues " + allowed + constraint);
            } else if (decl.containsKey("AllowedValues")) {
                throw template.error(path + ".AllowedValues", "must be a list");
            }
        }
        return list ? List.copyOf(items) : raw;
    }

    private static boolean same(String allowed, String value, boolean number) {
        if (!number) return allowed.equals(value);
        try {
            return new BigDecimal(allowed.strip()).compareTo(new BigDecimal(value.strip())) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static BigDecimal decimal(Template template, Map<String, Object> decl, String path, String key) throws TemplateException {
        String s = Scalar.text(decl.get(key), path + "." + key);
        if (s == null) return null;
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            throw template.error(path + "." + key, "must be a number, got '" + s + "'");
        }
    }

    private static List<String> splitList(String raw) {
        List<String> items = new ArrayList<>();
        if (raw.isEmpty()) return items;
        for (String s : raw.split(",", -1)) items.add(s.strip());
        return items;
    }
}
