package net.trafficmirror.mirror.cfn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Deploys a template the way CloudFormation's create-stack does, minus the cloud: checks the parameters,
 * evaluates the conditions, orders the active resources by DependsOn and by the implicit dependencies of
 * Ref, Fn::GetAtt and Fn::Sub (a cycle is an error), hands each resource's resolved properties to a
 * {@link ResourceProvisioner} in that order, then resolves the outputs.
 *
 * <p>Among resources that are ready at the same time the template order decides, so a deployment is repeatable.
 */
public final class StackDeployer {
    /** The account id the pseudo parameter AWS::AccountId answers: AWS's documentation example. */
    public static final String ACCOUNT_ID = "123456789012";

    private StackDeployer() {}

    public static Stack deploy(Template template, Map<String, String> params, String region, ResourceProvisioner provisioner)
            throws TemplateException {
        return deploy(template, params, region, "tmirror", provisioner);
    }

    public static Stack deploy(Template template, Map<String, String> params, String region, String stackName,
                               ResourceProvisioner provisioner) throws TemplateException {
        Map<String, Object> parameters = ParameterValues.resolve(template, params);
        Map<String, Object> pseudo = pseudoParameters(region, stackName);
        Evaluation evaluation = new Evaluation(template, parameters, pseudo);

        List<Template.Resource> order = creationOrder(template, evaluation);
        List<Stack.Resource> resources = new ArrayList<>();
        for (Template.Resource r : order) {
            String path = "Resources." + r.logicalId() + ".Properties";
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) evaluation.resolve(r.properties(), path);
            if (properties == null) properties = Map.of();
            Provisioned p;
            try {
                p = provisioner.create(r.logicalId(), r.type(), properties);
            } catch (TemplateException e) {
                throw e.locatedIn(template);
            }
            if (p == null || p.physicalId() == null) {
                throw template.error("Resources." + r.logicalId(), r.type() + " was not created");
            }
            evaluation.created(r.logicalId(), r.type(), p);
            resources.add(new Stack.Resource(r.logicalId(), r.type(), p.physicalId(), p.attributes(), properties));
        }

        Map<String, Stack.Output> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> o : template.outputs().entrySet()) {
            Map<String, Object> decl = o.getValue();
            String path = "Outputs." + o.getKey();
            if (!evaluation.active(decl.get("Condition") instanceof String c ? c : null)) continue;
            evaluation.references(decl, path);
            String value = Scalar.text(evaluation.resolve(decl.get("Value"), path + ".Value"), path + ".Value");
            String description = Scalar.text(decl.get("Description"), path + ".Description");
            String export = decl.get("Export") instanceof Map<?, ?> ex
                    ? Scalar.text(evaluation.resolve(ex.get("Name"), path + ".Export.Name"), path + ".Export.Name") : null;
            outputs.put(o.getKey(), new Stack.Output(o.getKey(), value == null ? "" : value, description == null ? "" : description.strip(), export));
        }
        return new Stack(stackName, (String) pseudo.get("AWS::StackId"), region, parameters, List.copyOf(resources), outputs);
    }

    /**
     * The pseudo parameters (AWS CloudFormation User Guide, "Pseudo parameters reference"); the partition and
     * URL suffix follow the region's partition, the stack id is derived from region and name so it is repeatable.
     */
    static Map<String, Object> pseudoParameters(String region, String stackName) {
        String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        UUID uuid = UUID.nameUUIDFromBytes((region + "/" + stackName).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> pseudo = new LinkedHashMap<>();
        pseudo.put("AWS::Region", region);
        pseudo.put("AWS::AccountId", ACCOUNT_ID);
        pseudo.put("AWS::StackName", stackName);
        pseudo.put("AWS::StackId", "arn:" + partition + ":cloudformation:" + region + ":" + ACCOUNT_ID + ":stack/" + stackName + "/" + uuid);
        pseudo.put("AWS::Partition", partition);
        pseudo.put("AWS::URLSuffix", partition.equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com");
        pseudo.put("AWS::NotificationARNs", List.of());
        return pseudo;
    }

    /** Active resources in an order where each comes after what it depends on (Kahn's algorithm, template order first). */
    private static List<Template.Resource> creationOrder(Template template, Evaluation evaluation) throws TemplateException {
        Map<String, Set<String>> needs = new LinkedHashMap<>();
        for (Template.Resource r : template.resources().values()) {
            if (!evaluation.active(r.condition())) continue;
            Set<String> deps = new LinkedHashSet<>(r.dependsOn());
            deps.addAll(evaluation.references(r.properties(), "Resources." + r.logicalId() + ".Properties"));
            deps.remove(r.logicalId());
            needs.put(r.logicalId(), deps);
        }
        for (Set<String> deps : needs.values()) deps.retainAll(needs.keySet()); // a reference to an inactive one fails when resolved
        List<Template.Resource> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (done.size() < needs.size()) {
            String next = null;
            for (Map.Entry<String, Set<String>> e : needs.entrySet()) {
                if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) {
                    next = e.getKey();
                    break;
                }
            }
            if (next == null) {
                List<String> cycle = cycle(needs, done);
                throw template.error("Resources." + cycle.get(0), "circular dependency: " + String.join(" -> ", cycle));
            }
            done.add(next);
            order.add(template.resources().get(next));
        }
        return order;
    }

    /** One dependency cycle among the resources not yet ordered, first resource repeated at the end. */
    private static List<String> cycle(Map<String, Set<String>> needs, Set<String> done) {
        List<String> walk = new ArrayList<>();
        String at = needs.keySet().stream().filter(k -> !done.contains(k)).findFirst().orElseThrow();
        while (!walk.contains(at)) {
            walk.add(at);
            at = needs.get(at).stream().filter(d -> !done.contains(d)).findFirst().orElseThrow();
        }
        List<String> cycle = new ArrayList<>(walk.subList(walk.indexOf(at), walk.size()));
        cycle.add(at);
        return cycle;
    }
}
