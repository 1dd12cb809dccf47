package net.trafficmirror.mirror.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackDeployerTest {
    private static final Path SEED = Path.of("../examples/vpc-two-instances.yaml");

    /** Records every create call and answers an id and the attributes the seed's outputs read. */
    static final class Recorder implements ResourceProvisioner {
        final List<String> order = new ArrayList<>();
        final Map<String, Map<String, Object>> properties = new LinkedHashMap<>();

        @Override public Provisioned create(String logicalId, String type, Map<String, Object> props) {
            order.add(logicalId);
            properties.put(logicalId, props);
            return new Provisioned("id-" + logicalId.toLowerCase(), Map.of("AvailabilityZone", "ap-northeast-1c",
                    "PublicIp", "203.0.113." + order.size(), "Arn", "arn:" + logicalId));
        }
    }

    private static Stack deploy(String yaml, Map<String, String> params, ResourceProvisioner p) throws TemplateException {
        return StackDeployer.deploy(Template.parse(yaml, "t.yaml"), params, "us-east-1", p);
    }

    private static String message(String yaml, Map<String, String> params) {
        try {
            deploy(yaml, params, new Recorder());
        } catch (TemplateException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @Test void seedTemplateDeploysInDependencyOrderWithResolvedProperties() throws Exception {
        Recorder r = new Recorder();
        Stack stack = StackDeployer.deploy(Template.parse(SEED), Map.of(), "ap-northeast-1", "seed", r);

        assertThat(r.order).hasSize(16);
        assertThat(r.order.indexOf("ClientVPC")).isLessThan(r.order.indexOf("ClientSubnet"));
        assertThat(r.order.indexOf("AttachGateway")).isLessThan(r.order.indexOf("Route"));   // explicit DependsOn
        assertThat(r.order.indexOf("InternetGateway")).isLessThan(r.order.indexOf("AttachGateway"));
        assertThat(r.order.indexOf("InstanceSecurityGroup")).isLessThan(r.order.indexOf("ClientInstance"));
        assertThat(r.order.indexOf("NetworkAcl")).isLessThan(r.order.indexOf("InboundSSHNetworkAclEntry"));

        Map<String, Object> client = r.properties.get("ClientInstance");
        assertThat(client.get("ImageId")).isEqualTo("ami-0a1c2ec61571737db");       // FindInMap inside FindInMap
        assertThat(client.get("InstanceType")).isEqualTo("t3.small");               // parameter default
        String userData = new String(Base64.getDecoder().decode((String) client.get("UserData")), StandardCharsets.UTF_8);
        assertThat(userData).isEqualTo("#!/bin/bash -xe\nyum update -y\namazon-linux-extras install -y epel\nyum install -y nc\n\n");
        @SuppressWarnings("unchecked") Map<String, Object> eni = ((List<Map<String, Object>>) client.get("NetworkInterfaces")).getFirst();
        assertThat(eni).containsEntry("SubnetId", "id-clientsubnet").containsEntry("GroupSet", List.of("id-instancesecuritygroup"))
                .containsEntry("AssociatePublicIpAddress", "true");
        @SuppressWarnings("unchecked") Map<String, Object> tag = ((List<Map<String, Object>>) client.get("Tags")).getFirst();
        assertThat((String) tag.get("Value")).startsWith("arn:aws:cloudformation:ap-northeast-1:123456789012:stack/seed/");
        assertThat(r.properties.get("InstanceSecurityGroup").toString()).contains("CidrIp=0.0.0.0/0");

        assertThat(stack.outputs()).containsOnlyKeys("AZ01", "AZ02", "IP01", "IP02");
        assertThat(stack.outputs().get("AZ01").value()).isEqualTo("ap-northeast-1c");
        assertThat(stack.outputs().get("IP01").value()).startsWith("203.0.113.");
        assertThat(stack.outputs().get("IP01").description()).isEqualTo("Client EC2 IPaddress 01");
        assertThat(stack.resource("ClientInstance2").orElseThrow().physicalId()).isEqualTo("id-clientinstance2");
    }

    @Test void seedParametersAreValidatedWithTheirConstraints() throws Exception {
        String text = java.nio.file.Files.readString(SEED);
        assertThat(message(text, Map.of("SSHLocation", "anywhere")))
                .isEqualTo("t.yaml:49: Parameters.SSHLocation: parameter SSHLocation value 'anywhere' is shorter than MinLength 9"
                        + " (must be a valid IP CIDR range of the form x.x.x.x/x.)");
        assertThat(message(text, Map.of("SSHLocation", "192.0.2.0/240")))
                .startsWith("t.yaml:49: Parameters.SSHLocation: parameter SSHLocation value '192.0.2.0/240' does not match AllowedPattern");
        assertThat(message(text, Map.of("InstanceType", "m5.large")))
                .isEqualTo("t.yaml:40: Parameters.InstanceType: parameter InstanceType value 'm5.large' is not one of AllowedValues"
                        + " [t3.micro, t3.small, t3.medium] (must be a valid EC2 instance type.)");
        assertThat(message(text, Map.of("KeyName", "k"))).startsWith("t.yaml:39: Parameters: the template has no parameter 'KeyName'");
        Recorder r = new Recorder();
        deploy(text, Map.of("SSHLocation", "192.0.2.0/24", "InstanceType", "t3.micro"), r);
        assertThat(r.properties.get("ClientInstance2").get("InstanceType")).isEqualTo("t3.micro");
    }

    @Test void numberAndListParameters() {
        String t = """
                Parameters:
                  Count: {Type: Number, MinValue: 1, MaxValue: 3, Default: 2}
                  Zones: {Type: CommaDelimitedList, Default: "a, b"}
                  Missing: {Type: String}
                Resources:
                  R: {Type: X::Y, Properties: {N: !Ref Count, Z: !Select [1, !Ref Zones]}}
                """;
        assertThat(message(t, Map.of("Missing", "m", "Count", "4"))).isEqualTo("t.yaml:2: Parameters.Count: parameter Count value '4' is above MaxValue 3");
        assertThat(message(t, Map.of("Missing", "m", "Count", "x"))).isEqualTo("t.yaml:2: Parameters.Count: parameter Count value 'x' is not a number");
        assertThat(message(t, Map.of())).isEqualTo("t.yaml:4: Parameters.Missing: no value given (--param Missing=...) and no Default");
    }

    @Test void conditionsSelectResourcesValuesAndOutputs() throws Exception {
        String t = """
                Parameters:
                  Env: {Type: String, Default: prod, AllowedValues: [prod, dev]}
                Conditions:
                  IsProd: !Equals [!Ref Env, prod]
                  IsDev: !Not [!Condition IsProd]
                  Both: !And [!Condition IsProd, !Or [!Condition IsDev, !Equals ['1', 1]]]
                Resources:
                  Always:
                    Type: Test::Thing
                    Properties:
                      Size: !If [IsProd, large, small]
                      Optional: !If [IsDev, here, !Ref AWS::NoValue]
                      List: [a, !If [IsDev, b, !Ref "AWS::NoValue"], c]
                  DevOnly: {Type: Test::Thing, Condition: IsDev}
                  ProdOnly: {Type: Test::Thing, Condition: Both}
                Outputs:
                  Dev: {Condition: IsDev, Value: !Ref DevOnly}
                  Prod: {Condition: IsProd, Value: !Ref ProdOnly}
                """;
        Recorder r = new Recorder();
        Stack prod = deploy(t, Map.of(), r);
        assertThat(r.order).containsExactly("Always", "ProdOnly");
        assertThat(r.properties.get("Always")).isEqualTo(Map.of("Size", "large", "List", List.of("a", "c")));
        assertThat(prod.outputs()).containsOnlyKeys("Prod");
        Recorder d = new Recorder();
        Stack dev = deploy(t, Map.of("Env", "dev"), d);
        assertThat(d.order).containsExactly("Always", "DevOnly");
        assertThat(d.properties.get("Always")).isEqualTo(Map.of("Size", "small", "Optional", "here", "List", List.of("a", "b", "c")));
        assertThat(dev.outputs().get("Dev").value()).isEqualTo("id-devonly");

        assertThat(message(t.replace("Value: !Ref ProdOnly", "Value: !Ref DevOnly"), Map.of()))
                .isEqualTo("t.yaml:18: Outputs.Prod.Value.Ref: refers to DevOnly, which is not created (its Condition is false)");
        assertThat(message("Conditions:\n  A: !Condition B\n  B: !Not [!Condition A]\nResources:\n  R: {Type: X::Y, Condition: A}\n", Map.of()))
                .isEqualTo("t.yaml:2: Conditions.A: circular conditions: A -> B -> A");
    }

    @Test void subJoinSplitSelectGetAzsCidrAndPseudoParameters() throws Exception {
        String t = """
                Parameters:
                  Name: {Type: String, Default: web}
                Resources:
                  First: {Type: X::Y}
                  Second:
                    Type: X::Y
                    Properties:
                      Sub: !Sub "${Name}-${AWS::Region}-${First}-${First.Arn}-${!Literal}-${AWS::AccountId}"
                      SubVars: !Sub ["${A}/${B}", {A: !Ref Name, B: !GetAtt [First, Arn]}]
                      Join: !Join [",", [a, !Ref Name, !Select [2, !GetAZs ""]]]
                      Split: !Select [1, !Split ["|", "x|y|z"]]
                      Cidr: !Cidr [10.0.0.0/16, 3, 8]
                      Cidr6: !Select [1, !Cidr ["2001:db8::/56", 2, 64]]
                      Long:
                        Fn::Join: ["", ["a", {"Fn::GetAtt": ["First", "Arn"]}, {"Ref": "AWS::URLSuffix"}]]
                      Partition: !Ref AWS::Partition
                """;
        Recorder r = new Recorder();
        deploy(t, Map.of(), r);
        assertThat(r.order).containsExactly("First", "Second");
        Map<String, Object> p = r.properties.get("Second");
        assertThat(p.get("Sub")).isEqualTo("web-us-east-1-id-first-arn:First-${Literal}-123456789012");
        assertThat(p.get("SubVars")).isEqualTo("web/arn:First");
        assertThat(p.get("Join")).isEqualTo("a,web,us-east-1c");
        assertThat(p.get("Split")).isEqualTo("y");
        assertThat(p.get("Cidr")).isEqualTo(List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"));
        assertThat(p.get("Cidr6")).isEqualTo("2001:db8:0:1:0:0:0:0/64");
        assertThat(p.get("Long")).isEqualTo("aarn:Firstamazonaws.com");
        assertThat(p.get("Partition")).isEqualTo("aws");
    }

    @Test void dependencyCyclesAndUnknownNamesAreErrors() {
        String cycle = """
                Resources:
                  A: {Type: X::Y, Properties: {P: !Ref C}}
                  B: {Type: X::Y, Properties: {P: !GetAtt A.Arn}}
                  C: {Type: X::Y, DependsOn: B}
                """;
        assertThat(message(cycle, Map.of())).isEqualTo("t.yaml:2: Resources.A: circular dependency: A -> C -> B -> A");
        assertThat(message("Resources:\n  A:\n    Type: X::Y\n    Properties:\n      P: !Ref Nope\n", Map.of()))
                .isEqualTo("t.yaml:5: Resources.A.Properties.P.Ref: no parameter or resource named 'Nope'");
        assertThat(message("Resources:\n  A:\n    Type: X::Y\n    Properties:\n      P: !Sub '${Gone.Arn}'\n", Map.of()))
                .isEqualTo("t.yaml:5: Resources.A.Properties.P.Fn::Sub: no resource named 'Gone'");
        assertThat(message("Resources:\n  A: {Type: X::Y, DependsOn: [Z]}\n", Map.of()))
                .isEqualTo("t.yaml:2: Resources.A.DependsOn: unknown resource 'Z'");
        assertThat(message("Resources:\n  A: {Type: X::Y}\n  B:\n    Type: X::Y\n    Properties:\n      P: !GetAtt A.Missing\n", Map.of()))
                .isEqualTo("t.yaml:6: Resources.B.Properties.P.Fn::GetAtt: A (X::Y) has no attribute 'Missing'; it has Arn, AvailabilityZone, PublicIp");
    }

    @Test void syntaxAndShapeErrorsNameFileAndLine() {
        assertThat(message("Resources:\n  A:\n    Type: X::Y\n    Properties: {P: !Bogus x}\n", Map.of()))
                .isEqualTo("t.yaml:4: Resources.A.Properties.P: unknown tag !Bogus");
        assertThat(message("Resources:\n  A:\n    Type: X::Y\n  bad: [\n", Map.of())).startsWith("t.yaml:5: not valid YAML or JSON:");
        assertThat(message("Resources:\n  A:\n    Type: X::Y\n    Propertes: {}\n", Map.of()))
                .isEqualTo("t.yaml:4: Resources.A.Propertes: unknown resource attribute 'Propertes'");
        assertThat(message("Resources:\n  A: {Type: X::Y}\n  A: {Type: X::Z}\n", Map.of()))
                .isEqualTo("t.yaml:3: Resources.A: duplicate key 'A'");
        assertThat(message("Resources: {}\n", Map.of())).isEqualTo("t.yaml:1: Resources: a template needs a non-empty Resources section");
        assertThat(message("Resources:\n  A:\n    Type: X::Y\n    Properties:\n      Items: !Select [5, [a]]\n", Map.of()))
                .isEqualTo("t.yaml:5: Resources.A.Properties.Items.Fn::Select: index 5 is outside the list of 1");
    }

    @Test void provisionerErrorsAreLocatedAtThePropertyLine() {
        String t = "Resources:\n  A:\n    Type: X::Y\n    Properties:\n      Ports:\n        - 1\n        - x\n";
        assertThatThrownBy(() -> deploy(t, Map.of(), (id, type, props) -> {
            throw TemplateException.property(id, "Ports[1]", "must be a port number");
        })).hasMessage("t.yaml:7: Resources.A.Properties.Ports[1]: must be a port number");
    }

    @Test void jsonTemplatesWithTabsAndLongForms() throws Exception {
        String json = "{\n\t\"Parameters\": {\"P\": {\"Type\": \"String\", \"Default\": \"v\"}},\n\t\"Resources\": {\n"
                + "\t\t\"A\": {\"Type\": \"X::Y\", \"Properties\": {\"J\": {\"Fn::Join\": [\"-\", [{\"Ref\": \"P\"}, \"w\"]]},"
                + " \"B\": {\"Fn::Base64\": {\"Fn::Sub\": \"${P}\"}}, \"N\": 5, \"T\": true}}\n\t}\n}\n";
        Recorder r = new Recorder();
        deploy(json, Map.of(), r);
        assertThat(r.properties.get("A")).isEqualTo(Map.of("J", "v-w", "B", "dg==", "N", 5L, "T", true));
        assertThat(message(json.replace("\"Ref\": \"P\"", "\"Ref\": \"Q\""), Map.of()))
                .isEqualTo("t.yaml:4: Resources.A.Properties.J.Fn::Join[1][0].Ref: no parameter or resource named 'Q'");
    }
}
