package net.trafficmirror.mirror.cfn;

import java.util.Map;

/**
 * What a {@link ResourceProvisioner} made for one resource: {@code !Ref} returns {@code physicalId},
 * {@code !GetAtt X.Attr} returns {@code attributes.get("Attr")} (CloudFormation's return values).
 */
public record Provisioned(String physicalId, Map<String, Object> attributes) {
    public Provisioned {
        attributes = Map.copyOf(attributes);
    }

    public Provisioned(String physicalId) {
        this(physicalId, Map.of());
    }
}
