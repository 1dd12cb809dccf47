package net.trafficmirror.mirror.cfn;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns template text (YAML or JSON, which YAML reads too) into plain values: {@code Map}, {@code List},
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code null}. Intrinsic functions become
 * single-key maps as in CloudFormation's JSON form, so the short form {@code !GetAtt A.B} and the long form
 * {@code Fn::GetAtt: [A, B]} evaluate alike. The line of every field path is kept for error messages.
 *
 * <p>Follows "Intrinsic function reference" and "Template anatomy" of the AWS CloudFormation User Guide:
 * the short-form tags are {@code !Ref}, {@code !Condition} and {@code !Fn} for each {@code Fn::Fn}.
 * We compose snakeyaml's node tree instead of constructing objects, because only nodes carry line marks
 * and local tags such as {@code !Ref} are then ours to interpret.
 */
final class TemplateReader {
    private static final List<String> SHORT_FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "If", "Equals", "Not", "And", "Or",
            "Length", "ToJsonString");

    private final String source;
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    private TemplateReader(String source) {
        this.source = source;
    }

    static Template read(String text, String source) throws TemplateException {
        TemplateReader reader = new TemplateReader(source);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by us, with the path, below
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setMaxAliasesForCollections(200);
        Node root;
        try {
            // JSON forbids literal tabs inside strings, so outside strings they are only whitespace, which YAML
            // rejects in some places: turning them into spaces changes nothing a JSON template means.
            String yamlText = text.stripLeading().startsWith("{") ? text.replace('\t', ' ') : text;
            root = new Yaml(options).compose(new StringReader(yamlText));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new TemplateException(source, line, null, "not valid YAML or JSON: " + firstLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new TemplateException(source, 0, null, "not valid YAML or JSON: " + firstLine(e.getMessage()));
        }
        if (root == null) throw new TemplateException(source, 1, null, "the template is empty");
        Object value = reader.value(root, "");
        if (!(value instanceof Map<?, ?> map)) {
            throw new TemplateException(source, line(root), null, "a template must be a mapping of sections");
        }
        @SuppressWarnings("unchecked") Map<String, Object> sections = (Map<String, Object>) map;
        return new Template(source, sections, reader.lines);
    }

    private Object value(Node node, String path) throws TemplateException {
        lines.putIfAbsent(path, line(node));
        String tag = node.getTag().getValue();
        if (tag.startsWith("!")) return intrinsic(node, tag.substring(1), path);
        return plain(node, path);
    }

    private Object plain(Node node, String path) throws TemplateException {
        return switch (node) {
            case ScalarNode s -> scalar(s, path);
            case SequenceNode seq -> {
                List<Object> list = new ArrayList<>(seq.getValue().size());
                int i = 0;
                for (Node item : seq.getValue()) list.add(value(item, path + "[" + i++ + "]"));
                yield list;
            }
            case MappingNode m -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple t : m.getValue()) {
                    if (!(t.getKeyNode() instanceof ScalarNode k)) {
                        throw error(t.getKeyNode(), path, "a key must be a plain string");
                    }
                    String key = k.getValue();
                    String child = path.isEmpty() ? key : path + "." + key;
                    if (map.containsKey(key)) throw error(k, child, "duplicate key '" + key + "'");
                    lines.put(child, line(k)); // errors point at the key's line, where a reader looks
                    map.put(key, value(t.getValueNode(), child));
                }
                yield map;
            }
            default -> throw error(node, path, "unsupported YAML node");
        };
    }

    private Object scalar(ScalarNode s, String path) throws TemplateException {
        Tag tag = s.getTag();
        String v = s.getValue();
        try {
            if (tag.equals(Tag.NULL)) return null;
            if (tag.equals(Tag.BOOL)) return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on");
            if (tag.equals(Tag.INT)) return Long.decode(v.replace("_", "").replaceFirst("^([+-]?)0o", "$10"));
            if (tag.equals(Tag.FLOAT)) return Double.parseDouble(v.replace("_", ""));
        } catch (NumberFormatException e) {
            return v; // sexagesimal and other YAML 1.1 oddities: keep the text as written
        }
        if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP) || tag.equals(Tag.BINARY)) return v;
        throw error(s, path, "unsupported YAML tag " + tag.getValue());
    }

    /** {@code !Ref x} → {@code {Ref: x}}, {@code !Condition c} → {@code {Condition: c}}, {@code !Join [...]} → {@code {Fn::Join: [...]}}. */
    private Object intrinsic(Node node, String name, String path) throws TemplateException {
        String key;
        if (name.equals("Ref") || name.equals("Condition")) key = name;
        else if (SHORT_FUNCTIONS.contains(name)) key = "Fn::" + name;
        else throw error(node, path, "unknown tag !" + name);
        String child = path.isEmpty() ? key : path + "." + key;
        lines.putIfAbsent(child, line(node));
        Object argument = node instanceof ScalarNode s ? s.getValue() : plain(node, child);
        Map<String, Object> call = new LinkedHashMap<>();
        call.put(key, argument);
        return call;
    }

    private TemplateException error(Node node, String path, String detail) {
        return new TemplateException(source, line(node), path, detail);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String firstLine(String s) {
        if (s == null) return "syntax error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
