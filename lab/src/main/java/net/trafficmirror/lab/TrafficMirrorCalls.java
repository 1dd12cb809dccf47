package net.trafficmirror.lab;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.trafficmirror.api.RequestSigner;

/**
 * The demo's EC2 client: Traffic Mirroring calls in the EC2 Query protocol (form-encoded POST, {@code Version=2016-11-15},
 * AWS Signature Version 4), as {@code aws ec2 ... --endpoint-url} sends them to {@code tmirror api}.
 */
final class TrafficMirrorCalls {
    private static final Pattern ERROR = Pattern.compile("<Code>(.*?)</Code>\\s*<Message>(.*?)</Message>", Pattern.DOTALL);

    private final URI endpoint;
    private final RequestSigner signer;
    private final HttpClient http = HttpClient.newHttpClient();

    TrafficMirrorCalls(URI endpoint, String accessKeyId, String secretAccessKey) {
        this.endpoint = endpoint.resolve("/");
        this.signer = new RequestSigner(accessKeyId, secretAccessKey, "us-east-1", Clock.systemUTC());
    }

    /** Calls {@code action} and returns the text of the response's {@code element}, e.g. trafficMirrorTargetId. */
    String call(String action, Map<String, String> parameters, String element) throws LabException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", "2016-11-15");
        form.putAll(parameters);
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (!body.isEmpty()) body.append('&');
            body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        signer.sign("POST", endpoint, bytes).forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host")) request.header(k, v);
        });
        String xml;
        try {
            xml = http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new LabException(action + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException(action + ": interrupted");
        }
        Matcher error = ERROR.matcher(xml);
        if (error.find()) throw new LabException(action + ": " + error.group(1) + ": " + error.group(2));
        Matcher m = Pattern.compile("<" + element + ">(.*?)</" + element + ">").matcher(xml);
        if (!m.find()) throw new LabException(action + ": no " + element + " in the response");
        return m.group(1);
    }
}
