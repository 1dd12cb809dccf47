package net.trafficmirror.lab;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a lab made, written to {@code /run/tmirror/labs/NAME.json} before each thing is made, so that
 * {@code lab down} removes all of it even after a crash (together with the sweep of the lab's name prefix).
 * {@code /run} is a tmpfs: after a reboot the namespaces and the state are gone together.
 */
public record LabState(String name, String template, String region, String stackId, List<String> namespaces,
                       List<ProcessRecord> processes, List<InstanceRecord> instances, List<OutputRecord> outputs,
                       List<ResourceRecord> resources, List<String> warnings) {

    /** A process the lab started in one of its namespaces; {@code startTicks} tells it from a later one with its PID. */
    public record ProcessRecord(String role, String namespace, long pid, long startTicks, String log) {}

    public record InstanceRecord(String logicalId, String name, String instanceId, String eniId, String namespace,
                                 String privateIp, String publicIp, String mac, String subnetCidr, String router,
                                 String availabilityZone) {}

    public record OutputRecord(String key, String value, String description) {}

    public record ResourceRecord(String logicalId, String type, String physicalId) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static LabState empty(String name, String template, String region) {
        return new LabState(name, template, region, "", new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    LabState withStack(String stackId, List<InstanceRecord> instances, List<OutputRecord> outputs,
                       List<ResourceRecord> resources, List<String> warnings) {
        return new LabState(name, template, region, stackId, namespaces, processes, new ArrayList<>(instances),
                new ArrayList<>(outputs), new ArrayList<>(resources), new ArrayList<>(warnings));
    }

    /** The instance named by its Name tag or logical id (case-insensitive). */
    public Optional<InstanceRecord> instance(String nameOrLogicalId) {
        return instances.stream().filter(i -> i.name().equalsIgnoreCase(nameOrLogicalId) || i.logicalId().equalsIgnoreCase(nameOrLogicalId))
                .findFirst();
    }

    static Path file(Path runDir, String name) {
        return runDir.resolve(name + ".json");
    }

    static Optional<LabState> read(Path runDir, String name) throws LabException {
        Path f = file(runDir, name);
        if (!Files.exists(f)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(f.toFile(), LabState.class));
        } catch (IOException e) {
            throw new LabException("cannot read lab state " + f + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Writes atomically (temporary file + rename), so a crash leaves the old or the new state, never half of one. */
    void write(Path runDir) throws LabException {
        Path f = file(runDir, name);
        try {
            Files.createDirectories(runDir);
            Path tmp = runDir.resolve(name + ".json.tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LabException("cannot write lab state " + f + ": " + e.getMessage());
        }
    }
}
