package net.trafficmirror.api;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs a request with AWS Signature Version 4 in the Authorization header, the way the AWS SDKs do it for EC2:
 * {@code host} and {@code x-amz-date} signed, the payload's SHA-256 in the canonical request.
 */
public final class RequestSigner {
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final Clock clock;

    public RequestSigner(String accessKeyId, String secretAccessKey, String region, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
        this.clock = clock;
    }

    /** The headers to add to a request for {@code uri} with this body: Host, X-Amz-Date and Authorization. */
    public Map<String, String> sign(String method, URI uri, byte[] body) {
        String amzDate = SignatureV4.AMZ_DATE.format(clock.instant());
        String date = amzDate.substring(0, 8);
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", host);
        signed.put("x-amz-date", amzDate);
        String canonical = SignatureV4.canonicalRequest(method, uri.getRawPath(), QueryParameters.pairs(uri.getRawQuery()), signed,
                SignatureV4.sha256Hex(body));
        String scope = SignatureV4.scope(date, region, RequestAuthenticator.SERVICE);
        String signature = SignatureV4.signature(secretAccessKey, date, region, RequestAuthenticator.SERVICE,
                SignatureV4.stringToSign(amzDate, scope, canonical));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Date", amzDate);
        headers.put("Authorization", SignatureV4.ALGORITHM + " Credential=" + accessKeyId + "/" + scope
                + ", SignedHeaders=" + String.join(";", signed.keySet()) + ", Signature=" + signature);
        return headers;
    }
}
