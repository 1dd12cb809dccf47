package net.trafficmirror.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The access keys the API accepts, each an access key id with its secret.
 *
 * <p>The file format is the AWS shared credentials file ({@code ~/.aws/credentials}), so the same file serves the AWS
 * CLI and this server: {@code [section]} headers, then {@code aws_access_key_id = ...} and
 * {@code aws_secret_access_key = ...} lines; every section with both is one accepted key. {@code #} and {@code ;}
 * start comments; other keys (region, session tokens) are ignored. The environment form is one key in
 * {@code TMIRROR_ACCESS_KEY_ID} / {@code TMIRROR_SECRET_ACCESS_KEY}.
 */
public final class AccessKeys {
    public static final String ENV_ACCESS_KEY_ID = "TMIRROR_ACCESS_KEY_ID";
    public static final String ENV_SECRET_ACCESS_KEY = "TMIRROR_SECRET_ACCESS_KEY";

    private final Map<String, String> secretsById;

    private AccessKeys(Map<String, String> secretsById) {
        if (secretsById.isEmpty()) throw new IllegalArgumentException("no access keys configured");
        this.secretsById = Map.copyOf(secretsById);
    }

    public static AccessKeys of(String accessKeyId, String secretAccessKey) {
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) throw new IllegalArgumentException("empty access key id or secret");
        return new AccessKeys(Map.of(accessKeyId, secretAccessKey));
    }

    /** The one key in the environment, if both variables are set. */
    public static Optional<AccessKeys> fromEnvironment(Map<String, String> env) {
        String id = env.get(ENV_ACCESS_KEY_ID);
        String secret = env.get(ENV_SECRET_ACCESS_KEY);
        if (id == null && secret == null) return Optional.empty();
        if (id == null || secret == null || id.isBlank() || secret.isBlank()) {
            throw new IllegalArgumentException("set both " + ENV_ACCESS_KEY_ID + " and " + ENV_SECRET_ACCESS_KEY + ", or neither");
        }
        return Optional.of(of(id, secret));
    }

    /** Reads a credentials file; a mistake is reported with the file and line. */
    public static AccessKeys load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Map<String, String> keys = new LinkedHashMap<>();
        String section = null;
        String id = null;
        String secret = null;
        int sectionLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            String where = file + ":" + (i + 1) + ": ";
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) throw new IllegalArgumentException(where + "section header must end with ']'");
                addSection(file, sectionLine, section, id, secret, keys);
                section = line.substring(1, line.length() - 1).strip();
                sectionLine = i + 1;
                id = null;
                secret = null;
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException(where + "expected 'name = value' or '[section]'");
            if (section == null) throw new IllegalArgumentException(where + "a '[section]' header must come first");
            String name = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            switch (name) {
                case "aws_access_key_id" -> id = value;
                case "aws_secret_access_key" -> secret = value;
                default -> { } // region, aws_session_token, ...: not ours
            }
        }
        addSection(file, sectionLine, section, id, secret, keys);
        if (keys.isEmpty()) throw new IllegalArgumentException(file + ": no section with aws_access_key_id and aws_secret_access_key");
        return new AccessKeys(keys);
    }

    private static void addSection(Path file, int line, String section, String id, String secret, Map<String, String> keys) {
        if (section == null || (id == null && secret == null)) return;
        String where = file + ":" + line + ": [" + section + "]: ";
        if (id == null || id.isEmpty()) throw new IllegalArgumentException(where + "aws_access_key_id is missing");
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException(where + "aws_secret_access_key is missing");
        if (keys.putIfAbsent(id, secret) != null && !keys.get(id).equals(secret)) {
            throw new IllegalArgumentException(where + "access key " + id + " appears twice with different secrets");
        }
    }

    /** The secret of an access key id, if it is one of ours. */
    public Optional<String> secretOf(String accessKeyId) {
        return Optional.ofNullable(secretsById.get(accessKeyId));
    }

    public int size() { return secretsById.size(); }
}
