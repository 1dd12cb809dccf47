package net.trafficmirror.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import net.trafficmirror.lab.Topology.Instance;
import net.trafficmirror.lab.Topology.Subnet;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.cfn.Stack;
import net.trafficmirror.mirror.cfn.StackDeployer;
import net.trafficmirror.mirror.cfn.Template;
import net.trafficmirror.mirror.cfn.TemplateException;
import org.junit.jupiter.api.Test;

/** The template → topology step, without the host: EC2's checks and defaults, and the nft rulesets it leads to. */
class LabProvisionerTest {
    private static Topology deploy(String yaml, String region) throws TemplateException {
        Topology t = new Topology(region);
        StackDeployer.deploy(Template.parse(yaml, "t.yaml"), Map.of(), region, new LabProvisioner(t, "unit", new MirrorRegistry()));
        return t;
    }

    private static String error(String yaml) {
        try {
            deploy(yaml, "us-east-1");
        } catch (TemplateException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    private static final String VPC = """
            Resources:
              Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
              Net:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1b}
            """;

    @Test void seedTopology() throws Exception {
        Topology t = new Topology("ap-northeast-1");
        Stack stack = StackDeployer.deploy(Template.parse(Path.of("../examples/vpc-two-instances.yaml")), Map.of(), "ap-northeast-1",
                new LabProvisioner(t, "seed", new MirrorRegistry()));
        assertThat(t.vpcs).hasSize(1);
        Subnet s = t.subnets.values().iterator().next();
        assertThat(s.cidr).hasToString("10.100.0.0/24");
        assertThat(Ipv4Block.dotted(s.router())).isEqualTo("10.100.0.1");
        assertThat(Ipv4Block.dotted(s.dnsReserved())).isEqualTo("10.100.0.2");
        assertThat(s.routeTable.routes).singleElement().satisfies(r -> assertThat(r.gateway()).isNotNull());
        assertThat(s.networkAcl.entries).extracting(Topology.AclEntry::number).containsExactly(120, 102, 101, 100);
        assertThat(t.instances.values()).extracting(i -> i.name).containsExactly("Client01", "Client02");
        for (Instance i : t.instances.values()) {
            assertThat(i.eni.groups).singleElement().satisfies(g -> assertThat(g.logicalId).isEqualTo("InstanceSecurityGroup"));
            assertThat(i.eni.publicIp).startsWith("203.0.113.");
        }
        assertThat(t.unknown).isEmpty();
        assertThat(stack.outputs().get("IP01").value()).isEqualTo(t.instances.values().iterator().next().eni.publicIp);

        String sg = FirewallRules.securityGroups(t.instances.values().iterator().next().eni, t.interfaces);
        assertThat(sg).contains("    meta nfproto ipv4 tcp dport 22 accept\n", "    ip saddr 10.100.0.0/16 accept\n",
                "    ct state established,related accept\n");
        assertThat(FirewallRules.networkAcls(t.vpcs.values().iterator().next().subnets))
                .contains("    meta nfproto ipv4 tcp dport 1024-65535 counter return comment \"rule 102\"\n");
    }

    @Test void sameLabNameGivesTheSameAddresses() throws Exception {
        String seed = java.nio.file.Files.readString(Path.of("../examples/vpc-two-instances.yaml"));
        Topology a = deploy(seed, "ap-northeast-1"), b = deploy(seed, "ap-northeast-1");
        assertThat(a.interfaces.values()).extracting(e -> e.privateIp).isEqualTo(b.interfaces.values().stream().map(e -> e.privateIp).toList());
    }

    @Test void ec2ChecksAreTemplateErrorsWithTheField() {
        assertThat(error(VPC.replace("10.0.1.0/24", "10.1.0.0/24")))
                .isEqualTo("t.yaml:5: Resources.Net.Properties.CidrBlock: 10.1.0.0/24 is not inside the VPC's 10.0.0.0/16");
        assertThat(error(VPC.replace("us-east-1b", "eu-west-1a")))
                .isEqualTo("t.yaml:5: Resources.Net.Properties.AvailabilityZone: 'eu-west-1a' is not a zone of region us-east-1"
                        + " (us-east-1a, b or c); choose the region with --region");
        assertThat(error(VPC + "  I: {Type: AWS::EC2::Instance, Properties: {SubnetId: !Ref Net, PrivateIpAddress: 10.0.1.3}}\n"))
                .isEqualTo("t.yaml:6: Resources.I.Properties.PrivateIpAddress: 10.0.1.3 is one of the five addresses AWS reserves in 10.0.1.0/24");
        assertThat(error(VPC + "  I: {Type: AWS::EC2::Instance, Properties: {SubnetId: subnet-0123}}\n"))
                .isEqualTo("t.yaml:6: Resources.I.Properties.SubnetId: no subnet 'subnet-0123' in this template");
        assertThat(error(VPC + "  A: {Type: AWS::EC2::NetworkAcl, Properties: {VpcId: !Ref Vpc}}\n"
                + "  E1: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref A, RuleNumber: 5, Protocol: -1, RuleAction: allow, CidrBlock: 0.0.0.0/0}}\n"
                + "  E2: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref A, RuleNumber: 5, Protocol: -1, RuleAction: deny, CidrBlock: 0.0.0.0/0}}\n"))
                .startsWith("t.yaml:8: Resources.E2.Properties.RuleNumber: ingress rule 5 already exists in acl-");
    }

    @Test void instancesWithoutASubnetLandInTheDefaultVpcAndUnknownTypesAreListed() throws Exception {
        Topology t = deploy("""
                Resources:
                  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: web, SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}]}}
                  Web: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, SecurityGroups: [!Ref Sg]}}
                  Db: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, AvailabilityZone: eu-west-1c}}
                  Role: {Type: AWS::IAM::Role, Properties: {}}
                Outputs:
                  Arn: {Value: !GetAtt Role.Arn}
                """, "eu-west-1");
        Instance web = t.instances.values().iterator().next();
        assertThat(web.eni.subnet.vpc.cidr).hasToString("172.31.0.0/16");
        assertThat(web.eni.subnet.availabilityZone).isEqualTo("eu-west-1a");
        assertThat(web.eni.publicIp).isNotNull();
        assertThat(web.eni.groups).extracting(g -> g.logicalId).containsExactly("Sg");
        Instance db = t.instances.values().stream().filter(i -> i.logicalId.equals("Db")).findFirst().orElseThrow();
        assertThat(db.eni.subnet.cidr).hasToString("172.31.32.0/20");            // the default subnet of zone c
        assertThat(db.eni.groups).extracting(g -> g.name).containsExactly("default");
        assertThat(t.unknown).containsOnlyKeys("AWS::IAM::Role");
    }

    @Test void singleInstanceSampleInJson() throws Exception {
        Topology t = new Topology("eu-central-1");
        Stack stack = StackDeployer.deploy(Template.parse(Path.of("src/test/resources/templates/single-instance-in-subnet.json")),
                Map.of("KeyName", "k"), "eu-central-1", new LabProvisioner(t, "json", new MirrorRegistry()));
        Instance web = t.instances.values().iterator().next();
        assertThat(web.eni.subnet.availabilityZone).isEqualTo("eu-central-1a");  // !Select [0, !GetAZs '']
        assertThat(t.elasticIps.values()).singleElement().satisfies(e -> assertThat(web.eni.publicIp).isEqualTo(e.publicIp));
        assertThat(stack.outputs().get("URL").value()).isEqualTo("http://" + web.eni.publicIp);
        assertThat(web.eni.subnet.networkAcl.entries).hasSize(5);
        assertThat(web.userData).contains("cfn-init -v --stack tmirror --resource WebServerInstance --region eu-central-1");
        assertThat(t.unknown).isEmpty();
    }
}
