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

    @Test void successIsNamespacedXmlWithRequestId() throws Exception {
        HttpResponse<String> r = post("Action=DescribeTrafficMirrorTargets&Version=2016-11-15", Clock.systemUTC(), true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<DescribeTrafficMirrorTargetsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>")
                .contains("<trafficMirrorTargetSet></trafficMirrorTargetSet>");
    }
}
