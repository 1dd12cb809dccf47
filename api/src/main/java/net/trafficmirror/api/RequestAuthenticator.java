package net.trafficmirror.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Verifies AWS Signature Version 4 on an incoming request (the Authorization header form, which the AWS CLI and
 * SDKs use for EC2), and answers failures with EC2's codes: {@code AuthFailure} (unsigned, or an unknown access key),
 * {@code IncompleteSignature} (a malformed signature), {@code SignatureDoesNotMatch}, and {@code RequestExpired}
 * when the signing time is more than 15 minutes from ours (EC2 API reference, common errors).
 */
public final class RequestAuthenticator {
    /** How far a request's signing time may be from our clock (EC2's RequestExpired rule). */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** The SigV4 service name clients sign for: the AWS CLI and SDKs use the EC2 endpoint's. */
    public static final String SERVICE = "ec2";

    private final AccessKeys keys;
    private final Clock clock;

    public RequestAuthenticator(AccessKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Checks a request's signature.
     *
     * @param headers  the request headers, names in any case
     * @param rawQuery the query string as sent (percent-encoded), or null
     * @return the access key id that signed it
     * @throws Ec2Error when the request is not signed by one of our keys
     */
    public String verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        Map<String, List<String>> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        List<Map.Entry<String, String>> query = new ArrayList<>(QueryParameters.pairs(rawQuery));

        String authorization = first(lower, "authorization");
        if (authorization == null) {
            throw new Ec2Error("AuthFailure", "The request must be signed with AWS Signature Version 4 by a known access key.");
        }
        Signed signed = fromHeader(authorization, lower);

        String[] scope = signed.credential.split("/", -1);
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw incomplete("Credential must have the form ACCESS_KEY/DATE/REGION/SERVICE/aws4_request, got '" + signed.credential + "'");
        }
        String secret = keys.secretOf(scope[0])
                .orElseThrow(() -> new Ec2Error("AuthFailure", "AWS was not able to validate the provided access credentials"));
        Instant signedAt = parseAmzDate(signed.amzDate);
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new Ec2Error("RequestExpired", "Request has expired. Signing time " + signed.amzDate + " is more than "
                    + MAX_SKEW.toMinutes() + " minutes from the server time " + SignatureV4.AMZ_DATE.format(now) + ".");
        }
        if (!scope[1].equals(signed.amzDate.substring(0, 8))) {
            throw signatureMismatch("Credential should be scoped to a valid date: " + signed.amzDate.substring(0, 8) + ".");
        }
        if (!scope[3].equals(SERVICE)) {
            throw signatureMismatch("Credential should be scoped to correct service: '" + SERVICE + "'.");
        }
        if (!signed.signedHeaders.contains("host")) {
            throw incomplete("'Host' must be a signed header.");
        }

        TreeMap<String, String> canonicalHeaders = new TreeMap<>();
        for (String name : signed.signedHeaders) {
            List<String> values = lower.get(name);
            if (values == null) throw signatureMismatch("Signed header '" + name + "' is missing from the request.");
            canonicalHeaders.put(name, SignatureV4.canonicalHeaderValue(values));
        }
        String payloadHash = SignatureV4.sha256Hex(body);
        String contentHash = first(lower, "x-amz-content-sha256");
        if (contentHash != null && !contentHash.equals(payloadHash)) {
            throw signatureMismatch("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String canonicalRequest = SignatureV4.canonicalRequest(method, rawPath, query, canonicalHeaders, payloadHash);
        String stringToSign = SignatureV4.stringToSign(signed.amzDate, String.join("/", scope[1], scope[2], scope[3], scope[4]), canonicalRequest);
        String expected = SignatureV4.signature(secret, scope[1], scope[2], scope[3], stringToSign);
        if (!SignatureV4.sameSignature(expected, signed.signature.toLowerCase(Locale.ROOT))) {
            throw signatureMismatch("The request signature we calculated does not match the signature you provided. "
                    + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
        return scope[0];
    }

    private record Signed(String credential, List<String> signedHeaders, String signature, String amzDate) {}

    private static Signed fromHeader(String authorization, Map<String, List<String>> headers) {
        if (!authorization.startsWith(SignatureV4.ALGORITHM + " ")) {
            throw incomplete("Authorization header must use " + SignatureV4.ALGORITHM + " (AWS Signature Version 4).");
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : authorization.substring(SignatureV4.ALGORITHM.length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) throw incomplete("Authorization header part '" + part.strip() + "' is not name=value.");
            parts.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
        String amzDate = first(headers, "x-amz-date");
        if (amzDate == null) {
            String date = first(headers, "date");
            if (date == null) throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
            try {
                amzDate = SignatureV4.AMZ_DATE.format(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException e) {
                throw incomplete("Date header '" + date + "' is not an RFC 1123 date.");
            }
        }
        return new Signed(credential, List.of(signedHeaders.split(";")), signature, amzDate);
    }

    private static Instant parseAmzDate(String amzDate) {
        try {
            return ZonedDateTime.parse(amzDate, SignatureV4.AMZ_DATE).toInstant();
        } catch (DateTimeParseException e) {
            throw incomplete("X-Amz-Date '" + amzDate + "' must have the form YYYYMMDD'T'HHMMSS'Z'.");
        }
    }

    private static String first(Map<String, List<String>> headers, String lowerName) {
        List<String> v = headers.get(lowerName);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    private static Ec2Error incomplete(String message) {
        return new Ec2Error("IncompleteSignature", message);
    }

    private static Ec2Error signatureMismatch(String message) {
        return new Ec2Error("SignatureDoesNotMatch", message);
    }
}
