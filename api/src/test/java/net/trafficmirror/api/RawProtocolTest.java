package net.trafficmirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SDK never sends on its own: unsigned and skewed requests, unknown actions, missing parameters; checked
 * on the wire (status, EC2 error document).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawProtocolTest {
    RunningApi api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll void start(@TempDir Path dir) throws Exception { api = new RunningApi(dir); }

    @AfterAll void stop() {
        http.close();
        api.close();
    }

    HttpResponse<String> post(String form, Clock signingClock, boolean signed) throws Exception {
        URI uri = api.server.endpoint().resolve("/");
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        if (signed) {
            for (Map.Entry<String, String> h : new RequestSigner(RunningApi.KEY_ID, RunningApi.SECRET, "us-east-1", signingClock)
                    .sign("POST", uri, body).entrySet()) b.header(h.getKey(), h.getValue());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String code(HttpResponse<String> r) {
        String body = r.body();
        assertThat(body).startsWith("<?xml").contains("<Response><Errors><Error><Code>").contains("<RequestID>");
        return body.substring(body.indexOf("<Code>") + 6, body.indexOf("</Code>"));
    }

    @Test void unsignedIsAuthFailure() throws Exception {
        HttpResponse<String> r = post("Action=DescribeTrafficMirrorFilters&Version=2016-11-15", Clock.systemUTC(), false);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(code(r)).isEqualTo("AuthFailure");
    }

    @Test void skewedClockIsRequestExpired() throws Exception {
        Clock skewed = Clock.fixed(Instant.now().minus(Duration.ofMinutes(16)), ZoneOffset.UTC);
        HttpResponse<String> r = post("Action=DescribeTrafficMirrorFilters&Version=2016-11-15", skewed, true);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("RequestExpired");
        Clock slightly = Clock.fixed(Instant.now().minus(Duration.ofMinutes(14)), ZoneOffset.UTC);
        assertThat(post("Action=DescribeTrafficMirrorFilters&Version=2016-11-15", slightly, true).statusCode()).isEqualTo(200);
    }

    @Test void tamperedBodyIsSignatureDoesNotMatch() throws Exception {
        URI uri = api.server.endpoint().resolve("/");
        byte[] signedBody = "Action=DescribeTrafficMirrorFilters&Version=2016-11-15".getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("Action=CreateTrafficMirrorFilter&Version=2016-11-15"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        new RequestSigner(RunningApi.KEY_ID, RunningApi.SECRET, "us-east-1", Clock.systemUTC()).sign("POST", uri, signedBody).forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(code(r)).isEqualTo("SignatureDoesNotMatch");
    }

    @Test void unknownActionAndMissingParameters() throws Exception {
        HttpResponse<String> r = post("Action=RunInstances&Version=2016-11-15", Clock.systemUTC(), true);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("InvalidAction");
        r = post("Version=2016-11-15", Clock.systemUTC(), true);
        assertThat(code(r)).isEqualTo("MissingAction");
        r = post("Action=DescribeTrafficMirrorFilters&Version=2016-11-15&TrafficMirrorFilterIds.1=tmf-0123456789abcdef0", Clock.systemUTC(), true);
        assertThat(code(r)).isEqualTo("UnknownParameter");
        assertThat(r.body()).contains("The parameter TrafficMirrorFilterIds.1 is not recognized");
        r = post("Action=DeleteTrafficMirrorFilter&Version=2016-11-15", Clock.systemUTC(), true);
        assertThat(code(r)).isEqualTo("MissingParameter");
        assertThat(r.body()).contains("The request must contain the parameter TrafficMirrorFilterId");
        r = post("Action=CreateTrafficMirrorFilterRule&Version=2016-11-15&TrafficMirrorFilterId=tmf-0123456789abcdef0"
                + "&TrafficDirection=ingress&RuleNumber=ten&RuleAction=accept&SourceCidrBlock=0.0.0.0/0&DestinationCidrBlock=0.0.0.0/0",
                Clock.systemUTC(), true);
        assertThat(code(r)).isEqualTo("InvalidParameterValue");
    }

    @Test void badValuesAreClientErrorsNeverInternalOnes() throws Exception {
        String filter = post("Action=CreateTrafficMirrorFilter&Version=2016-11-15", Clock.systemUTC(), true).body();
        filter = filter.substring(filter.indexOf("<trafficMirrorFilterId>") + 23, filter.indexOf("</trafficMirrorFilterId>"));
        String rule = "Action=CreateTrafficMirrorFilterRule&Version=2016-11-15&TrafficMirrorFilterId=" + filter
                + "&TrafficDirection=ingress&RuleAction=accept&SourceCidrBlock=0.0.0.0/0&DestinationCidrBlock=0.0.0.0/0";
        List<String> bad = List.of(
                rule + "&RuleNumber=1&Protocol=6&DestinationPortRange.FromPort=80&DestinationPortRange.ToPort=70000",
                rule + "&RuleNumber=1&Protocol=6&DestinationPortRange.FromPort=90&DestinationPortRange.ToPort=80",
                rule + "&RuleNumber=1&Protocol=6&DestinationPortRange.FromPort=-1&DestinationPortRange.ToPort=80",
                rule + "&RuleNumber=1&Protocol=6&SourcePortRange.ToPort=80",
                rule + "&RuleNumber=1&Protocol=300",
                rule + "&RuleNumber=1&Protocol=-1",
                rule + "&RuleNumber=0",
                rule + "&RuleNumber=99999999999",
                rule + "&RuleNumber=1&Protocol=1&DestinationPortRange.FromPort=1&DestinationPortRange.ToPort=2",
                rule.replace("TrafficDirection=ingress", "TrafficDirection=inbound") + "&RuleNumber=1",
                rule.replace("RuleAction=accept", "RuleAction=allow") + "&RuleNumber=1",
                rule.replace("SourceCidrBlock=0.0.0.0/0", "SourceCidrBlock=10.0.0.0/33") + "&RuleNumber=1",
                rule.replace("SourceCidrBlock=0.0.0.0/0", "SourceCidrBlock=not-a-cidr") + "&RuleNumber=1",
                rule.replace("SourceCidrBlock=0.0.0.0/0", "SourceCidrBlock=") + "&RuleNumber=1",
                "Action=CreateTrafficMirrorSession&Version=2016-11-15&NetworkInterfaceId=eni-x&TrafficMirrorTargetId=tmt-x"
                        + "&TrafficMirrorFilterId=" + filter + "&SessionNumber=1",
                "Action=ModifyTrafficMirrorSession&Version=2016-11-15&TrafficMirrorSessionId=tms-x&RemoveField.1=everything",
                "Action=ModifyTrafficMirrorFilterRule&Version=2016-11-15&TrafficMirrorFilterRuleId=tmfr-x&RemoveField.1=everything",
                "Action=ModifyTrafficMirrorFilterNetworkServices&Version=2016-11-15&TrafficMirrorFilterId=" + filter + "&AddNetworkService.1=ntp",
                "Action=CreateTrafficMirrorTarget&Version=2016-11-15",
                "Action=CreateTrafficMirrorTarget&Version=2016-11-15&NetworkLoadBalancerArn=arn:nonsense",
                "Action=CreateTrafficMirrorTarget&Version=2016-11-15&GatewayLoadBalancerEndpointId=vpce-zz",
                "Action=CreateTags&Version=2016-11-15&ResourceId.1=" + filter + "&Tag.1.Key=aws:reserved&Tag.1.Value=x",
                "Action=CreateTags&Version=2016-11-15&ResourceId.1=i-0123456789abcdef0&Tag.1.Key=k&Tag.1.Value=v",
                "Action=CreateTrafficMirrorFilter&Version=2016-11-15&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=k",
                "Action=DescribeTrafficMirrorFilters&Version=2016-11-15&Filter.1.Value.1=x",
                "Action=DescribeTrafficMirrorFilters&Version=2016-11-15&TrafficMirrorFilterId.x=tmf-1",
                "Action=DescribeTrafficMirrorFilters&Version=2016-11-15&DryRun=maybe",
                "Action=DescribeTrafficMirrorFilters&Version=2016-11-15&MaxResults=lots",
                "Action=DescribeTrafficMirrorFilters&Version=2016-11-15&Filter.1.Name=description&Filter.1.Value.1=%zz");
        for (String form : bad) {
            HttpResponse<String> r = post(form, Clock.systemUTC(), true);
            assertThat(r.statusCode()).as(form + " -> " + r.body()).isEqualTo(400);
            assertThat(code(r)).as(form).isNotEqualTo("InternalError");
        }
    }

    @Test void successIsNamespacedXmlWithRequestId() throws Exception {
        HttpResponse<String> r = post("Action=DescribeTrafficMirrorTargets&Version=2016-11-15", Clock.systemUTC(), true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<DescribeTrafficMirrorTargetsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>")
                .contains("<trafficMirrorTargetSet></trafficMirrorTargetSet>");
    }
}
