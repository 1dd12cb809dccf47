package net.trafficmirror.api;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, the parts a signer and a verifier share: the canonical request, the string to sign, the
 * derived signing key and the signature. It follows the AWS General Reference "Create a signed AWS API request"
 * (canonical URI with each path segment encoded twice for services other than S3, canonical query string sorted by
 * encoded name then value, lowercase header names with trimmed values, hex SHA-256 of the payload).
 */
public final class SignatureV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** {@code X-Amz-Date}'s basic ISO 8601 form. */
    public static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SignatureV4() {}

    /**
     * The canonical request.
     *
     * @param rawPath          the request path as sent on the wire (percent-encoded once)
     * @param queryParameters  decoded query parameters, in any order, repeats allowed
     * @param canonicalHeaders signed header names in lowercase mapped to their canonical values, sorted
     */
    public static String canonicalRequest(String method, String rawPath, List<Map.Entry<String, String>> queryParameters,
                                          SortedMap<String, String> canonicalHeaders, String payloadHash) {
        StringBuilder out = new StringBuilder(256).append(method).append('\n');
        out.append(canonicalUri(rawPath)).append('\n');
        out.append(canonicalQuery(queryParameters)).append('\n');
        canonicalHeaders.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        out.append('\n').append(String.join(";", canonicalHeaders.keySet())).append('\n');
        return out.append(payloadHash).toString();
    }

    /** A header value as signed: surrounding spaces trimmed, inner runs of spaces collapsed; repeats joined by commas. */
    public static String canonicalHeaderValue(List<String> values) {
        List<String> trimmed = new ArrayList<>(values.size());
        for (String v : values) trimmed.add(v.strip().replaceAll(" +", " "));
        return String.join(",", trimmed);
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code date/region/service/aws4_request}. */
    public static String scope(String date, String region, String service) {
        return date + '/' + region + '/' + service + "/aws4_request";
    }

    public static String signature(String secretKey, String date, String region, String service, String stringToSign) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HEX.formatHex(hmac(key, stringToSign));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 requires. */
    public static String uriEncode(String s, boolean keepSlash) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Constant-time comparison of two hex signatures, so a verifier leaks nothing through timing. */
    public static boolean sameSignature(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) return "/";
        // The path on the wire is encoded once; SigV4 (non-S3) encodes it once more, so '%' becomes "%25".
        return uriEncode(rawPath, true);
    }

    private static String canonicalQuery(List<Map.Entry<String, String>> parameters) {
        List<String[]> pairs = new ArrayList<>(parameters.size());
        for (Map.Entry<String, String> p : parameters) {
            pairs.add(new String[] {uriEncode(p.getKey(), false), uriEncode(p.getValue(), false)});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            if (!out.isEmpty()) out.append('&');
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
