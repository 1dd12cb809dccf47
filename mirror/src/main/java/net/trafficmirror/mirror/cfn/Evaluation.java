package net.trafficmirror.mirror.cfn;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates intrinsic functions and conditions of one deployment, following the "Intrinsic function reference"
 * and "Pseudo parameters reference" of the AWS CloudFormation User Guide: Ref, Fn::GetAtt, Fn::Sub, Fn::Join,
 * Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64, Fn::GetAZs, Fn::Cidr, Fn::If, and in Conditions
 * Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition. {@code AWS::NoValue} removes the enclosing property or
 * list element. Fn::GetAZs answers the region's zones a, b and c.
 */
final class Evaluation {
    /** What {@code Ref AWS::NoValue} yields until the enclosing map or list drops it. */
    private static final Object NO_VALUE = new Object();

    private final Template template;
    private final Map<String, Object> parameters;
    private final Map<String, Object> pseudo;
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Set<String> evaluatingConditions = new LinkedHashSet<>();
    private final Map<String, Provisioned> created = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();

    Evaluation(Template template, Map<String, Object> parameters, Map<String, Object> pseudo) {
        this.template = template;
        this.parameters = parameters;
        this.pseudo = pseudo;
    }

    void created(String logicalId, String type, Provisioned p) {
        created.put(logicalId, p);
        types.put(logicalId, type);
    }

    /** Whether a resource or output with this Condition (null: none) takes part. */
    boolean active(String condition) throws TemplateException {
        return condition == null || condition(condition, "Conditions." + condition);
    }

    /** A value with its functions resolved; {@code null} when it resolves to AWS::NoValue. */
    Object resolve(Object value, String path) throws TemplateException {
        Object v = eval(value, path);
        return v == NO_VALUE ? null : v;
    }

    private Object eval(Object value, String path) throws TemplateException {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object v = eval(list.get(i), path + "[" + i + "]");
                if (v != NO_VALUE) out.add(v);
            }
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) return value;
        if (map.size() == 1) {
            String key = (String) map.keySet().iterator().next();
            if (key.equals("Ref") || key.startsWith("Fn::")) return function(key, map.get(key), path + "." + key);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = eval(e.getValue(), path + "." + e.getKey());
            if (v != NO_VALUE) out.put((String) e.getKey(), v);
        }
        return out;
    }

    private Object function(String name, Object arg, String path) throws TemplateException {
        return switch (name) {
            case "Ref" -> ref(string(eval(arg, path), path), path);
            case "Fn::GetAtt" -> getAtt(arg, path);
            case "Fn::Sub" -> sub(arg, path);
            case "Fn::Join" -> {
                List<Object> a = args(arg, path, 2, 2);
                String delimiter = string(eval(a.get(0), path + "[0]"), path + "[0]");
                List<String> parts = new ArrayList<>();
                for (Object o : list(eval(a.get(1), path + "[1]"), path + "[1]")) parts.add(string(o, path + "[1]"));
                yield String.join(delimiter, parts);
            }
            case "Fn::Select" -> {
                List<Object> a = args(arg, path, 2, 2);
                long index = Scalar.integer(eval(a.get(0), path + "[0]"), path + "[0]", 0);
                List<Object> items = list(eval(a.get(1), path + "[1]"), path + "[1]");
                if (index < 0 || index >= items.size()) {
                    throw template.error(path, "index " + index + " is outside the list of " + items.size());
                }
                yield items.get((int) index);
            }
            case "Fn::Split" -> {
                List<Object> a = args(arg, path, 2, 2);
                String delimiter = string(eval(a.get(0), path + "[0]"), path + "[0]");
                String source = string(eval(a.get(1), path + "[1]"), path + "[1]");
                if (delimiter.isEmpty()) throw template.error(path + "[0]", "the delimiter must not be empty");
                yield new ArrayList<Object>(List.of(source.split(java.util.regex.Pattern.quote(delimiter), -1)));
            }
            case "Fn::FindInMap" -> findInMap(arg, path);
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(string(eval(arg, path), path).getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs" -> {
                String region = arg == null ? "" : string(eval(arg, path), path);
                if (region.isEmpty()) region = (String) pseudo.get("AWS::Region");
                yield new ArrayList<Object>(List.of(region + "a", region + "b", region + "c"));
            }
            case "Fn::Cidr" -> cidr(arg, path);
            case "Fn::If" -> {
                List<Object> a = args(arg, path, 3, 3);
                String condition = string(a.get(0), path + "[0]");
                yield condition(condition, path + "[0]") ? eval(a.get(1), path + "[1]") : eval(a.get(2), path + "[2]");
            }
            case "Fn::ImportValue" -> throw template.error(path, "Fn::ImportValue needs another stack's exports, which a lab does not have");
            default -> throw template.error(path, name + " is not supported here");
        };
    }

    private Object ref(String name, String path) throws TemplateException {
        if (name.equals("AWS::NoValue")) return NO_VALUE;
        if (pseudo.containsKey(name)) return pseudo.get(name);
        if (parameters.containsKey(name)) return parameters.get(name);
        Provisioned p = created.get(name);
        if (p != null) return p.physicalId();
        if (template.resources().containsKey(name)) {
            throw template.error(path, "refers to " + name + ", which is not created (its Condition is false)");
        }
        throw template.error(path, "no parameter or resource named '" + name + "'");
    }

    private Object getAtt(Object arg, String path) throws TemplateException {
        String resource;
        String attribute;
        if (arg instanceof String s) {
            int dot = s.indexOf('.');
            if (dot <= 0 || dot == s.length() - 1) throw template.error(path, "must be Resource.Attribute, got '" + s + "'");
            resource = s.substring(0, dot);
            attribute = s.substring(dot + 1);
        } else {
            List<Object> a = args(arg, path, 2, 2);
            resource = string(a.get(0), path + "[0]");
            attribute = string(eval(a.get(1), path + "[1]"), path + "[1]");
        }
        return attribute(resource, attribute, path);
    }

    private Object attribute(String resource, String attribute, String path) throws TemplateException {
        Provisioned p = created.get(resource);
        if (p == null) {
            if (template.resources().containsKey(resource)) {
                throw template.error(path, "refers to " + resource + ", which is not created (its Condition is false)");
            }
            throw template.error(path, "no resource named '" + resource + "'");
        }
        Object v = p.attributes().get(attribute);
        if (v == null && p.standIn()) return p.physicalId() + "." + attribute;
        if (v == null) {
            throw template.error(path, resource + " (" + types.get(resource) + ") has no attribute '" + attribute + "'"
                    + (p.attributes().isEmpty() ? "" : "; it has " + String.join(", ", new java.util.TreeSet<>(p.attributes().keySet()))));
        }
        return v;
    }

    private String sub(Object arg, String path) throws TemplateException {
        String text;
        Map<String, Object> variables = new HashMap<>();
        if (arg instanceof String s) {
            text = s;
        } else {
            List<Object> a = args(arg, path, 2, 2);
            text = string(a.get(0), path + "[0]");
            if (!(a.get(1) instanceof Map<?, ?> vars)) throw template.error(path + "[1]", "must be a mapping of variables");
            for (Map.Entry<?, ?> e : vars.entrySet()) {
                variables.put((String) e.getKey(), eval(e.getValue(), path + "[1]." + e.getKey()));
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int start = text.indexOf("${", i);
            if (start < 0) break;
            out.append(text, i, start);
            if (start + 2 < text.length() && text.charAt(start + 2) == '!') { // ${!Literal} writes ${Literal}
                out.append("${");
                i = start + 3;
                continue;
            }
            int end = text.indexOf('}', start);
            if (end < 0) throw template.error(path, "unclosed ${ in '" + text + "'");
            String name = text.substring(start + 2, end).strip();
            Object v;
            if (variables.containsKey(name)) v = variables.get(name);
            else if (name.contains(".") && !name.startsWith("AWS::")) {
                int dot = name.indexOf('.');
                v = attribute(name.substring(0, dot), name.substring(dot + 1), path);
            } else v = ref(name, path);
            out.append(string(v, path));
            i = end + 1;
        }
        return out.append(text.substring(i)).toString();
    }

    private Object findInMap(Object arg, String path) throws TemplateException {
        List<Object> a = args(arg, path, 3, 4);
        String map = string(eval(a.get(0), path + "[0]"), path + "[0]");
        String top = string(eval(a.get(1), path + "[1]"), path + "[1]");
        String second = string(eval(a.get(2), path + "[2]"), path + "[2]");
        Map<String, Object> mapping = template.mappings().get(map);
        if (mapping == null) throw template.error(path, "no mapping named '" + map + "'");
        Object level = mapping.get(top);
        Object v = level instanceof Map<?, ?> m ? m.get(second) : null;
        if (v == null) {
            if (a.size() == 4 && a.get(3) instanceof Map<?, ?> d && d.containsKey("DefaultValue")) {
                return eval(d.get("DefaultValue"), path + "[3].DefaultValue");
            }
            throw template.error(path, "mapping " + map + " has no " + (level == null ? "key '" + top + "'" : "'" + top + "." + second + "'"));
        }
        return v;
    }

    /** Fn::Cidr [ipBlock, count, cidrBits]: {@code count} consecutive subnets with {@code cidrBits} host bits each. */
    private Object cidr(Object arg, String path) throws TemplateException {
        List<Object> a = args(arg, path, 3, 3);
        String block = string(eval(a.get(0), path + "[0]"), path + "[0]");
        long count = Scalar.integer(eval(a.get(1), path + "[1]"), path + "[1]", 0);
        long hostBits = Scalar.integer(eval(a.get(2), path + "[2]"), path + "[2]", 0);
        int slash = block.indexOf('/');
        InetAddress base;
        int prefix;
        try {
            base = InetAddress.getByName(block.substring(0, Math.max(slash, 0)));
            prefix = Integer.parseInt(block.substring(slash + 1));
        } catch (UnknownHostException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw template.error(path + "[0]", "not a CIDR block: '" + block + "'");
        }
        if (slash < 0 || !Character.isDigit(block.charAt(0)) && !block.contains(":")) {
            throw template.error(path + "[0]", "not a CIDR block: '" + block + "'");
        }
        int bits = base.getAddress().length * 8;
        if (count < 1 || count > 256 || hostBits < 0 || bits - hostBits < prefix) {
            throw template.error(path, "cannot cut " + count + " subnets of " + hostBits + " host bits from " + block);
        }
        BigInteger start = new BigInteger(1, base.getAddress()).shiftRight(bits - prefix).shiftLeft(bits - prefix);
        BigInteger step = BigInteger.ONE.shiftLeft((int) hostBits);
        if (BigInteger.valueOf(count).multiply(step).compareTo(BigInteger.ONE.shiftLeft(bits - prefix)) > 0) {
            throw template.error(path, block + " has no room for " + count + " subnets of " + hostBits + " host bits");
        }
        List<Object> subnets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] raw = start.add(step.multiply(BigInteger.valueOf(i))).toByteArray();
            byte[] addr = new byte[bits / 8];
            System.arraycopy(raw, Math.max(0, raw.length - addr.length), addr, Math.max(0, addr.length - raw.length), Math.min(raw.length, addr.length));
            try {
                subnets.add(InetAddress.getByAddress(addr).getHostAddress() + "/" + (bits - hostBits));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // the length is 4 or 16 by construction
            }
        }
        return subnets;
    }

    private boolean condition(String name, String path) throws TemplateException {
        Boolean known = conditions.get(name);
        if (known != null) return known;
        Object definition = template.conditions().get(name);
        if (definition == null) throw template.error(path, "no condition named '" + name + "'");
        if (!evaluatingConditions.add(name)) {
            throw template.error("Conditions." + name, "circular conditions: " + String.join(" -> ", evaluatingConditions) + " -> " + name);
        }
        boolean v = test(definition, "Conditions." + name);
        evaluatingConditions.remove(name);
        conditions.put(name, v);
        return v;
    }

    private boolean test(Object expression, String path) throws TemplateException {
        if (!(expression instanceof Map<?, ?> map) || map.size() != 1) {
            throw template.error(path, "a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition");
        }
        String key = (String) map.keySet().iterator().next();
        Object arg = map.get(key);
        String p = path + "." + key;
        switch (key) {
            case "Condition":
                return condition(string(arg, p), p);
            case "Fn::Equals": {
                List<Object> a = args(arg, p, 2, 2);
                return comparable(eval(a.get(0), p + "[0]")).equals(comparable(eval(a.get(1), p + "[1]")));
            }
            case "Fn::Not":
                return !test(args(arg, p, 1, 1).get(0), p + "[0]");
            case "Fn::And":
            case "Fn::Or": {
                List<Object> a = args(arg, p, 2, 10);
                boolean and = key.equals("Fn::And");
                for (int i = 0; i < a.size(); i++) {
                    if (test(a.get(i), p + "[" + i + "]") != and) return !and;
                }
                return and;
            }
            default:
                throw template.error(p, key + " is not a condition function");
        }
    }

    /** Fn::Equals compares values as CloudFormation's JSON does, where 'true' and true, '1' and 1 are the same string. */
    private static Object comparable(Object v) throws TemplateException {
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(comparable(o));
            return out;
        }
        return v instanceof Map<?, ?> ? v : String.valueOf(Scalar.text(v, ""));
    }

    /** Every resource that {@code value} refers to by Ref, Fn::GetAtt or Fn::Sub; unknown names are errors. */
    Set<String> references(Object value, String path) throws TemplateException {
        Set<String> found = new LinkedHashSet<>();
        collect(value, path, found);
        return found;
    }

    private void collect(Object value, String path, Set<String> found) throws TemplateException {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) collect(list.get(i), path + "[" + i + "]", found);
            return;
        }
        if (!(value instanceof Map<?, ?> map)) return;
        if (map.size() == 1) {
            String key = (String) map.keySet().iterator().next();
            Object arg = map.get(key);
            String p = path + "." + key;
            if (key.equals("Ref") && arg instanceof String name) {
                known(name, p, found);
                return;
            }
            if (key.equals("Fn::GetAtt")) {
                String resource = arg instanceof String s ? s.split("\\.", 2)[0]
                        : arg instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s ? s : null;
                if (resource == null) throw template.error(p, "must be Resource.Attribute or [Resource, Attribute]");
                if (!template.resources().containsKey(resource)) throw template.error(p, "no resource named '" + resource + "'");
                found.add(resource);
                if (arg instanceof List<?> l && l.size() > 1) collect(l.get(1), p + "[1]", found);
                return;
            }
            if (key.equals("Fn::Sub")) {
                String text = arg instanceof String s ? s : arg instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s ? s : null;
                if (text == null) throw template.error(p, "must be a string or [string, {variables}]");
                Set<String> vars = new HashSet<>();
                if (arg instanceof List<?> l && l.size() > 1 && l.get(1) instanceof Map<?, ?> m) {
                    for (Object k : m.keySet()) vars.add((String) k);
                    collect(m, p + "[1]", found);
                }
                for (int i = text.indexOf("${"); i >= 0; i = text.indexOf("${", i + 2)) {
                    int end = text.indexOf('}', i);
                    if (end < 0 || text.startsWith("${!", i)) continue;
                    String name = text.substring(i + 2, end).strip();
                    if (vars.contains(name)) continue;
                    String resource = name.contains(".") && !name.startsWith("AWS::") ? name.substring(0, name.indexOf('.')) : null;
                    if (resource != null) {
                        if (!template.resources().containsKey(resource)) throw template.error(p, "no resource named '" + resource + "'");
                        found.add(resource);
                    } else known(name, p, found);
                }
                return;
            }
        }
        for (Map.Entry<?, ?> e : map.entrySet()) collect(e.getValue(), path + "." + e.getKey(), found);
    }

    private void known(String name, String path, Set<String> found) throws TemplateException {
        if (name.equals("AWS::NoValue") || pseudo.containsKey(name) || parameters.containsKey(name)) return;
        if (!template.resources().containsKey(name)) throw template.error(path, "no parameter or resource named '" + name + "'");
        found.add(name);
    }

    private List<Object> args(Object arg, String path, int min, int max) throws TemplateException {
        if (!(arg instanceof List<?> l) || l.size() < min || l.size() > max) {
            throw template.error(path, "needs a list of " + (min == max ? min : min + " to " + max) + " arguments");
        }
        return new ArrayList<>(l);
    }

    private List<Object> list(Object v, String path) throws TemplateException {
        if (!(v instanceof List<?> l)) throw template.error(path, "must be a list, got " + Scalar.describe(v));
        return new ArrayList<>(l);
    }

    private String string(Object v, String path) throws TemplateException {
        if (v == NO_VALUE || v == null) throw template.error(path, "must be a string, got no value");
        if (v instanceof List<?> || v instanceof Map<?, ?>) throw template.error(path, "must be a string, got " + Scalar.describe(v));
        return Scalar.text(v, path);
    }
}
