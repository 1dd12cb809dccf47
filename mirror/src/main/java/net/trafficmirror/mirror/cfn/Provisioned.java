package net.trafficmirror.mirror.cfn;

import java.util.Map;

/**
 * What a {@link ResourceProvisioner} made for one resource: {@code !Ref} returns {@code physicalId},
 * {@code !GetAtt X.Attr} returns {@code attributes.get("Attr")} (CloudFormation's return values).
 *
 * @param standIn true for a resource the provisioner does not model (a lab's IAM role, say): every attribute
 *                then reads as {@code physicalId.Attr}, so templates that mention such resources still deploy
 */
public record Provisioned(String physicalId, Map<String, Object> attributes, boolean standIn) {
    public Provisioned {
        attributes = Map.copyOf(attributes);
    }

    public Provisioned(String physicalId, Map<String, Object> attributes) {
        this(physicalId, attributes, false);
    }

    public Provisioned(String physicalId) {
        this(physicalId, Map.of(), false);
    }

    /** A stand-in for a resource that is not modelled; see {@link #standIn()}. */
    public static Provisioned standIn(String physicalId) {
        return new Provisioned(physicalId, Map.of(), true);
    }
}
