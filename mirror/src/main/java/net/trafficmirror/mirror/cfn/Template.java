package net.trafficmirror.mirror.cfn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed CloudFormation template (YAML or JSON), checked for shape: sections, resource types, DependsOn
 * and Condition names. Values keep CloudFormation's JSON form, intrinsic functions as single-key maps
 * ({@code {"Fn::Join": [...]}}); {@link StackDeployer} evaluates them.
 *
 * <p>Follows "Template anatomy" and "Resources/Parameters/Outputs section" of the AWS CloudFormation User Guide.
 */
public final class Template {
    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs");
    private static final Set<String> RESOURCE_KEYS = Set.of("Type", "Properties", "DependsOn", "Condition",
            "Metadata", "DeletionPolicy", "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy");

    /** One entry of the Resources section. */
    public record Resource(String logicalId, String type, Map<String, Object> properties, List<String> dependsOn,
                           String condition) {}

    private final String sourceName;
    private final Map<String, Object> sections;
    private final Map<String, Integer> lines;
    private final Map<String, Resource> resources = new LinkedHashMap<>();

    Template(String sourceName, Map<String, Object> sections, Map<String, Integer> lines) throws TemplateException {
        this.sourceName = sourceName;
        this.sections = sections;
        this.lines = lines;
        check();
    }

    public static Template parse(Path file) throws TemplateException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemplateException(file.toString(), 0, null, "cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static Template parse(String text, String sourceName) throws TemplateException {
        return TemplateReader.read(text, sourceName);
    }

    public String sourceName() { return sourceName; }

    /** Resources in template order. */
    public Map<String, Resource> resources() { return Collections.unmodifiableMap(resources); }

    /** The Parameters section: name → its declaration (Type, Default, AllowedValues, ...). */
    public Map<String, Map<String, Object>> parameters() { return section("Parameters"); }

    public Map<String, Map<String, Object>> mappings() { return section("Mappings"); }

    public Map<String, Object> conditions() { return section("Conditions"); }

    public Map<String, Map<String, Object>> outputs() { return section("Outputs"); }

    /** The template line of a field path, or of its nearest enclosing field; 0 if unknown. */
    public int lineOf(String path) {
        for (String p = path; ; ) {
            Integer line = lines.get(p);
            if (line != null) return line;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) return lines.getOrDefault("", 0);
            p = p.substring(0, cut);
        }
    }

    TemplateException error(String path, String detail) {
        return new TemplateException(sourceName, lineOf(path), path, detail);
    }

    @SuppressWarnings("unchecked")
    private <V> Map<String, V> section(String name) {
        Object s = sections.get(name);
        return s == null ? Map.of() : Collections.unmodifiableMap((Map<String, V>) s);
    }

    private void check() throws TemplateException {
        for (String key : sections.keySet()) {
            if (!SECTIONS.contains(key)) throw error(key, "unknown template section '" + key + "'");
        }
        if (sections.containsKey("Transform")) {
            throw error("Transform", "transforms (" + sections.get("Transform") + ") are not supported; deploy the processed template");
        }
        for (String name : List.of("Parameters", "Mappings", "Conditions", "Outputs")) {
            Object s = sections.get(name);
            if (s != null && !(s instanceof Map<?, ?>)) throw error(name, "must be a mapping");
            if (s instanceof Map<?, ?> m && !name.equals("Conditions")) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getValue() instanceof Map<?, ?>)) throw error(name + "." + e.getKey(), "must be a mapping");
                }
            }
        }
        if (!(sections.get("Resources") instanceof Map<?, ?> rs) || rs.isEmpty()) {
            throw error("Resources", "a template needs a non-empty Resources section");
        }
        for (Map.Entry<?, ?> e : rs.entrySet()) {
            String id = (String) e.getKey();
            String path = "Resources." + id;
            if (!id.matches("[A-Za-z0-9]+")) throw error(path, "logical ids are alphanumeric (A-Za-z0-9)");
            if (!(e.getValue() instanceof Map<?, ?> r)) throw error(path, "must be a mapping with a Type");
            for (Object key : r.keySet()) {
                if (!RESOURCE_KEYS.contains(key)) throw error(path + "." + key, "unknown resource attribute '" + key + "'");
            }
            if (!(r.get("Type") instanceof String type) || type.isBlank()) throw error(path + ".Type", "a resource needs a Type string");
            Object props = r.get("Properties");
            if (props != null && !(props instanceof Map<?, ?>)) throw error(path + ".Properties", "must be a mapping");
            @SuppressWarnings("unchecked") Map<String, Object> properties = props == null ? Map.of() : (Map<String, Object>) props;
            List<String> dependsOn = new ArrayList<>();
            Object d = r.get("DependsOn");
            if (d instanceof String s) dependsOn.add(s);
            else if (d instanceof List<?> list) {
                for (Object o : list) {
                    if (!(o instanceof String s)) throw error(path + ".DependsOn", "must be a logical id or a list of them");
                    dependsOn.add(s);
                }
            } else if (d != null) throw error(path + ".DependsOn", "must be a logical id or a list of them");
            Object c = r.get("Condition");
            if (c != null && !(c instanceof String)) throw error(path + ".Condition", "must be a condition name");
            if (c != null && !conditions().containsKey(c)) throw error(path + ".Condition", "unknown condition '" + c + "'");
            resources.put(id, new Resource(id, type, properties, List.copyOf(dependsOn), (String) c));
        }
        for (Resource r : resources.values()) {
            for (String dep : r.dependsOn()) {
                if (!resources.containsKey(dep)) {
                    throw error("Resources." + r.logicalId() + ".DependsOn", "unknown resource '" + dep + "'");
                }
            }
        }
        for (Map.Entry<String, Map<String, Object>> o : outputs().entrySet()) {
            String path = "Outputs." + o.getKey();
            if (!o.getValue().containsKey("Value")) throw error(path, "an output needs a Value");
            Object c = o.getValue().get("Condition");
            if (c != null && !conditions().containsKey(String.valueOf(c))) throw error(path + ".Condition", "unknown condition '" + c + "'");
        }
    }
}
