package dev.consentkit.demo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar, as a user runs it: {@code java -jar consent-demo/target/consent-demo.jar ...} in a child JVM. */
class DemoJarIT {

    static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findJar() {
        jar = Path.of("target/consent-demo.jar");
        assertThat(jar).as("mvn package builds the runnable jar before the integration tests").exists();
    }

    private static Process java(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("CONSENTKIT_KEY");
        return pb.start();
    }

    private static String output(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process ends").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void brokenConfiguration_exitsOne_withEveryJsonPath() throws Exception {
        Path config = dir.resolve("broken.json");
        Files.writeString(config, "{\n  \"undeclared\": \"ignore\",\n  \"categories\": [{\"id\": \"Analytics!\"}]\n}\n");

        Process p = java("--port", "0", "--config", config.toString(), "--data", dir.resolve("data").toString());
        String out = output(p);

        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("broken.json:2:3: $.undeclared: must be one of block, allow", "$.categories[0].id:", "$.signingKeys:");
    }

    @Test
    void badFlag_exitsTwo_withUsage() throws Exception {
        Process p = java("--port", "8080", "--frobnicate");
        String out = output(p);

        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("unknown option --frobnicate", "Usage: java -jar consent-demo.jar --port PORT");
    }

    @Test
    void start_printsTheSiteAndTheAdminCredentials_andServesPages() throws Exception {
        Process p = java("--port", "0", "--data", dir.resolve("data").toString());
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder printed = new StringBuilder();
            Pattern site = Pattern.compile("Site: +(http://localhost:\\d+/)");
            Pattern password = Pattern.compile("Admin password: +(\\S+)");
            String url = null;
            String pw = null;
            for (String line; (line = lines.readLine()) != null && (url == null || pw == null); ) {
                printed.append(line).append('\n');
                Matcher m = site.matcher(line);
                if (m.find()) {
                    url = m.group(1);
                }
                Matcher m2 = password.matcher(line);
                if (m2.find()) {
                    pw = m2.group(1);
                }
            }
            assertThat(url).as(printed.toString()).isNotNull();
            assertThat(pw).hasSizeGreaterThanOrEqualTo(20);

            HttpResponse<String> page = new Browser(URI.create(url)).get("/webinars/product-launch/register");
            HttpResponse<String> admin = new Browser(URI.create(url)).get("/consent/admin", "Authorization", "Basic "
                    + java.util.Base64.getEncoder().encodeToString(("admin:" + pw).getBytes(StandardCharsets.UTF_8)));

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(Browser.bootstrap(page.body()).get("tenant").asText()).isEqualTo("acme");
            assertThat(admin.statusCode()).isEqualTo(200);
            assertThat(dir.resolve("data/signing-key")).exists();
            assertThat(dir.resolve("data/config/default.json")).exists();
            assertThat(dir.resolve("data/ledger")).isDirectory();
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
