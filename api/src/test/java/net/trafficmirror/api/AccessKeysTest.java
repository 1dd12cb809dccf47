package net.trafficmirror.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials file (AWS shared credentials format) and the environment form, with one-line errors. */
class AccessKeysTest {
    @TempDir Path dir;

    @Test void readsEverySectionWithBothKeys() throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, """
                # operators
                [default]
                aws_access_key_id = AKIDONE
                aws_secret_access_key = secret/one
                region = us-east-1

                [agents]
                aws_access_key_id=AKIDTWO
                aws_secret_access_key=secret=two
                """);
        AccessKeys keys = AccessKeys.load(file);
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.secretOf("AKIDONE")).contains("secret/one");
        assertThat(keys.secretOf("AKIDTWO")).contains("secret=two");
        assertThat(keys.secretOf("AKIDTHREE")).isEmpty();
    }

    @Test void mistakesNameTheFileAndLine() throws Exception {
        Path file = dir.resolve("bad");
        Files.writeString(file, "[default]\naws_access_key_id = AKID\n");
        assertThatThrownBy(() -> AccessKeys.load(file)).hasMessage(file + ":1: [default]: aws_secret_access_key is missing");
        Files.writeString(file, "[default]\njust a line\n");
        assertThatThrownBy(() -> AccessKeys.load(file)).hasMessage(file + ":2: expected 'name = value' or '[section]'");
        Files.writeString(file, "# nothing\n");
        assertThatThrownBy(() -> AccessKeys.load(file)).hasMessageContaining("no section with aws_access_key_id");
    }

    @Test void environmentNeedsBothVariables() {
        assertThat(AccessKeys.fromEnvironment(Map.of())).isEmpty();
        assertThat(AccessKeys.fromEnvironment(Map.of(AccessKeys.ENV_ACCESS_KEY_ID, "A", AccessKeys.ENV_SECRET_ACCESS_KEY, "S"))
                .orElseThrow().secretOf("A")).contains("S");
        assertThatThrownBy(() -> AccessKeys.fromEnvironment(Map.of(AccessKeys.ENV_ACCESS_KEY_ID, "A"))).hasMessageContaining("set both");
    }
}
