package net.trafficmirror.mirror.cfn;

import java.util.Map;

/**
 * Creates the thing a template resource describes. Called once per active resource, in dependency order,
 * with every intrinsic function already resolved (strings, numbers, booleans, lists and maps only;
 * {@code AWS::NoValue} already removed). Errors name the property path, see {@link TemplateException#property}.
 */
@FunctionalInterface
public interface ResourceProvisioner {
    Provisioned create(String logicalId, String type, Map<String, Object> resolvedProperties) throws TemplateException;
}
