package net.trafficmirror.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.cfn.Stack;
import net.trafficmirror.mirror.cfn.TemplateException;
import net.trafficmirror.mirror.config.MirrorConfig;
import net.trafficmirror.mirror.eval.EvalOptions;
import net.trafficmirror.mirror.explain.CaptureExplainer;
import net.trafficmirror.mirror.explain.PacketExplanation;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tmirror explain}: for every packet of a capture taken on a mirror source interface, the direction and
 * the decision AWS's rules give (issue 3). Output formats are documented on {@link PacketExplanation}.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain, packet by packet, which mirror session and rule mirror a capture, or why not.",
                "Text lines: N DIR mirrored session NUM ID rule NUM ID vni VNI length KEPT/LEN | PACKET",
                "       or: N DIR not-mirrored REASON[; session NUM ID OUTCOME] | PACKET"})
public final class ExplainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Mirror configuration (CloudFormation template).")
    Path config;

    @Option(names = "-r", required = true, paramLabel = "CAPTURE", description = "pcap or pcapng file captured on the source interface.")
    Path capture;

    @Option(names = "--interface", required = true, paramLabel = "NAME",
            description = "The source interface: its device name (tag tmirror:interface), its resource name in the file, its eni- id or one of its addresses.")
    String interfaceName;

    @Option(names = "--host", paramLabel = "HOST", description = "The interface's host (tag tmirror:host), when several hosts have the device.")
    String host;

    @Option(names = "--json", description = "One JSON object per packet and line.")
    boolean json;

    @Option(names = {"-p", "--parameter"}, paramLabel = "KEY=VALUE", description = "Template parameter value (repeatable).")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--direction", paramLabel = "ingress|egress", description = "Take every packet as this direction instead of finding it.")
    String direction;

    @Option(names = "--resolver", paramLabel = "ADDRESS", description = "Amazon DNS resolver address (repeatable; replaces the defaults VPC base+2, 169.254.169.253, fd00:ec2::253).")
    List<String> resolvers = new ArrayList<>();

    @Option(names = "--mirror-everything", description = "Also mirror what AWS never mirrors (ARP, DHCP, metadata, NTP, Windows activation).")
    boolean mirrorEverything;

    @Override
    public Integer call() throws IOException {
        MirrorConfig cfg;
        try {
            cfg = MirrorConfig.load(config, parameters, Quotas.AWS);
        } catch (TemplateException e) {
            throw new UserError(e.getMessage());
        }
        NetworkInterface eni = sourceInterface(cfg);
        Direction forced = null;
        if (direction != null) {
            forced = Direction.fromAws(direction);
            if (forced == null) throw new UserError("--direction: '" + direction + "' is neither ingress nor egress", 2);
        }
        List<InetAddress> resolverAddresses = null;
        if (!resolvers.isEmpty()) {
            resolverAddresses = new ArrayList<>();
            for (String r : resolvers) {
                try {
                    resolverAddresses.add(Cidr.parseAddress(r));
                } catch (IllegalArgumentException e) {
                    throw new UserError("--resolver: '" + r + "' is not an IP address", 2);
                }
            }
        }
        CaptureExplainer explainer = new CaptureExplainer(cfg.state(), eni, new EvalOptions(resolverAddresses, mirrorEverything), forced);
        ObjectMapper mapper = new ObjectMapper();
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        try (CaptureReader reader = open()) {
            PacketRecord r = new PacketRecord();
            while (reader.next(r)) {
                PacketExplanation e = explainer.explain(r.buffer, r.offset, r.caplen, r.wirelen, r.linkType);
                out.println(json ? line(mapper, e.json(explainer.lastIpVersion())) : e.text(explainer.lastIpVersion()));
            }
        } catch (IOException e) {
            out.flush();
            throw new UserError(capture + ": " + e.getMessage());
        } finally {
            out.flush();
        }
        return 0;
    }

    private CaptureReader open() {
        try {
            return CaptureReader.open(capture);
        } catch (NoSuchFileException e) {
            throw new UserError(capture + ": No such file or directory");
        } catch (IOException e) {
            throw new UserError(capture + ": " + e.getMessage());
        }
    }

    private static String line(ObjectMapper mapper, Map<String, Object> fields) {
        try {
            return mapper.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The interface named by --interface: a resource name or eni- id, else the device name (with --host if
     * given). When several interfaces have the device, the one that is a mirror source wins if it is the only one.
     */
    private NetworkInterface sourceInterface(MirrorConfig cfg) {
        Map<String, NetworkInterface> all = cfg.state().networkInterfaces();
        NetworkInterface byId = all.get(cfg.physicalId(interfaceName).orElse(interfaceName));
        if (byId != null) return byId;
        if (interfaceName.indexOf(':') >= 0 || interfaceName.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            try {
                InetAddress a = Cidr.parseAddress(interfaceName);
                List<NetworkInterface> owners = all.values().stream().filter(n -> n.hasAddress(a)).toList();
                if (owners.size() == 1) return owners.getFirst();
            } catch (IllegalArgumentException notAnAddress) {
                // a device name that looks numeric: look it up as a name below
            }
        }
        List<NetworkInterface> named = all.values().stream()
                .filter(n -> interfaceName.equals(n.interfaceName()) && (host == null || host.equals(n.host()))).toList();
        if (named.size() > 1) {
            List<NetworkInterface> sources = named.stream().filter(n -> !cfg.state().sessionsOf(n.id()).isEmpty()).toList();
            if (sources.size() == 1) return sources.getFirst();
        }
        if (named.size() == 1) return named.getFirst();
        List<String> known = new ArrayList<>();
        for (Stack.Resource res : cfg.stack().resources()) {
            NetworkInterface n = all.get(res.physicalId());
            if (n != null) known.add(res.logicalId() + " (" + (n.host() == null ? "" : n.host() + " ") + (n.interfaceName() == null ? "no device" : n.interfaceName()) + ")");
        }
        String which = "'" + interfaceName + "'" + (host == null ? "" : " on host '" + host + "'");
        if (named.isEmpty()) throw new UserError(config + ": no network interface " + which + "; the file has: " + String.join(", ", known));
        throw new UserError(config + ": network interface " + which + " is ambiguous (" + String.join(", ", known) + "); give --host or the resource name");
    }
}
