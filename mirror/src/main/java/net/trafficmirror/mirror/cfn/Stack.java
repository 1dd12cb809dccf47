package net.trafficmirror.mirror.cfn;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deployed template: its pseudo parameters, the parameter values used, the resources in creation order
 * and the resolved outputs (in template order).
 */
public record Stack(String name, String id, String region, Map<String, Object> parameters,
                    List<Resource> resources, Map<String, Output> outputs) {

    /** One created resource; {@code properties} are the resolved properties it was created from. */
    public record Resource(String logicalId, String type, String physicalId, Map<String, Object> attributes,
                           Map<String, Object> properties) {}

    public record Output(String key, String value, String description, String exportName) {}

    public Optional<Resource> resource(String logicalId) {
        return resources.stream().filter(r -> r.logicalId().equals(logicalId)).findFirst();
    }
}
