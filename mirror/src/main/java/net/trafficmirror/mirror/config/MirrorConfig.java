package net.trafficmirror.mirror.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import net.trafficmirror.mirror.IdGenerator;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.cfn.Stack;
import net.trafficmirror.mirror.cfn.StackDeployer;
import net.trafficmirror.mirror.cfn.Template;
import net.trafficmirror.mirror.cfn.TemplateException;

/**
 * A mirror configuration read from a CloudFormation template (see {@link MirrorConfigProvisioner} for how it
 * names local interfaces and target addresses), for an agent or collector that runs without the API.
 *
 * <p>Loading is deterministic: ids are sequential per prefix in the template's creation order and a session
 * without a VirtualNetworkId gets a random VNI seeded from the file's text, so the agent and the collector that
 * read the same file agree on every id and VNI.
 */
public record MirrorConfig(String source, MirrorState state, Stack stack, List<String> warnings) {
    public static final String REGION = "local";

    /** Loads a file with its parameters' defaults and AWS's quotas. */
    public static MirrorConfig load(Path file) throws TemplateException {
        return load(file, Map.of(), Quotas.AWS);
    }

    /**
     * @throws TemplateException one line naming the file, line and field path of the first mistake
     */
    public static MirrorConfig load(Path file, Map<String, String> parameters, Quotas quotas) throws TemplateException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TemplateException(null, file + ": No such file or directory");
        } catch (IOException e) {
            throw new TemplateException(null, file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString(), parameters, quotas);
    }

    public static MirrorConfig parse(String text, String sourceName, Map<String, String> parameters, Quotas quotas) throws TemplateException {
        Template template = Template.parse(text, sourceName);
        MirrorRegistry registry = new MirrorRegistry(quotas, IdGenerator.sequential(), new SplittableRandom(text.hashCode()));
        MirrorConfigProvisioner provisioner = new MirrorConfigProvisioner(registry, IdGenerator.sequential());
        Stack stack = StackDeployer.deploy(template, parameters, REGION, provisioner);
        return new MirrorConfig(sourceName, registry.state(), stack, provisioner.warnings());
    }

    /** The interface bound to a local device name (tag {@code tmirror:interface}); host null matches any host. */
    public Optional<NetworkInterface> interfaceNamed(String host, String device) {
        return state.interfaceNamed(host, device);
    }

    /** The physical id (eni-, tmt-, tmf-, tmfr-, tms-) a logical resource name of the file became. */
    public Optional<String> physicalId(String logicalId) {
        return stack.resource(logicalId).map(Stack.Resource::physicalId);
    }
}
