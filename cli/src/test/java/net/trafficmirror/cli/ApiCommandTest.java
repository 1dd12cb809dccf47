package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.trafficmirror.api.RequestSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tmirror api}: one start line, a clean stop on SIGTERM (exit 0, a summary line) with the state kept, and one-line errors. */
class ApiCommandTest {
    @TempDir Path dir;

    Path credentials() throws Exception {
        Path f = dir.resolve("credentials");
        Files.writeString(f, "[default]\naws_access_key_id = AKIDCLI\naws_secret_access_key = cli-secret\n");
        return f;
    }

    @Test void mistakesAreOneLine() throws Exception {
        InProcess.Run r = InProcess.run("api", "--db", dir.resolve("a.db").toString(), "--credentials", dir.resolve("missing").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("tmirror: --credentials " + dir.resolve("missing") + ": no such file" + System.lineSeparator());
        r = InProcess.run("api", "--db", dir.resolve("a.db").toString(), "--credentials", credentials().toString(), "--listen", "127.0.0.1:http");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("tmirror: --listen: bad port in '127.0.0.1:http'").hasLineCount(1);
        r = InProcess.run("api", "--db", dir.resolve("a.db").toString(), "--credentials", credentials().toString(), "--quota", "sessions-per-eni=5");
        assertThat(r.err()).startsWith("tmirror: --quota sessions-per-eni: unknown quota").hasLineCount(1);
        r = InProcess.run("api", "--db", dir.resolve("no-such-dir").resolve("a.db").toString(), "--credentials", credentials().toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("does not exist").hasLineCount(1);
        r = InProcess.run("api", "--db", dir.resolve("a.db").toString(), "--credentials", credentials().toString(), "--tls-cert", "c.pem");
        assertThat(r.err()).isEqualTo("tmirror: --tls-cert and --tls-key go together" + System.lineSeparator());
    }

    @Test void servesUntilSigtermAndKeepsTheState() throws Exception {
        Path db = dir.resolve("served.db");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                Tmirror.class.getName(), "api", "--listen", "127.0.0.1:0", "--db", db.toString(), "--credentials", credentials().toString());
        String created;
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("err.log").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).startsWith("tmirror api: serving the EC2 Query API (2016-11-15) at http://127.0.0.1:")
                    .contains("version 0: 0 interfaces, 0 targets, 0 filters, 0 sessions");
            Matcher m = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+),").matcher(line);
            assertThat(m.find()).isTrue();
            String body = call(URI.create(m.group(1) + "/"), "Action=CreateTrafficMirrorFilter&Version=2016-11-15&Description=kept");
            created = body.substring(body.indexOf("<trafficMirrorFilterId>") + 23, body.indexOf("</trafficMirrorFilterId>"));
            p.toHandle().destroy(); // SIGTERM, leaving the pipes open (Process.destroy closes them)
            assertThat(out.readLine()).isEqualTo("tmirror api: stopped; 1 EC2 requests served (0 answered with an error); db " + db
                    + " (version 1: 0 interfaces, 0 targets, 1 filters, 0 sessions)");
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("stops within 15 s of SIGTERM").isTrue();
            assertThat(p.exitValue()).as("exit status after SIGTERM").isZero();
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(dir.resolve("err.log"))).doesNotContain("Exception");

        Process again = new ProcessBuilder(command).redirectError(dir.resolve("err2.log").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(again.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).contains("version 1: 0 interfaces, 0 targets, 1 filters, 0 sessions");
        } finally {
            again.destroy();
            again.waitFor(15, TimeUnit.SECONDS);
            again.destroyForcibly();
        }
        assertThat(created).matches("tmf-[0-9a-f]{17}");
    }

    private static String call(URI uri, String form) throws Exception {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        new RequestSigner("AKIDCLI", "cli-secret", "us-east-1", Clock.systemUTC()).sign("POST", uri, body).forEach(b::header);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r.body();
        }
    }
}
