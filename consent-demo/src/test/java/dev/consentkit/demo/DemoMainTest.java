package dev.consentkit.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class DemoMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicBoolean started = new AtomicBoolean();

    private int run(String... args) {
        return DemoMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                server -> started.set(true));
    }

    @Test
    void help_printsUsage_exitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: java -jar consent-demo.jar --port PORT");
        assertThat(started).isFalse();
    }

    @Test
    void unknownFlag_printsUsageOnStderr_exitsTwo() {
        assertThat(run("--port", "0", "--colour")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --colour", "Usage:");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void brokenConfigurationFolder_listsEveryProblemWithItsJsonPath_exitsOne() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.copy(DemoDataTest.repositoryFile("docs/examples/consentkit.json"), config.resolve("default.json"));
        Files.writeString(config.resolve("acme.json"), """
                {
                  "consentLifetime": "P2Y",
                  "pageTypes": [{"id": "registration", "paths": ["/webinars/*/register"], "categories": ["ads"]}]
                }
                """);

        int code = run("--port", "0", "--config", config.toString(), "--data", dir.resolve("data").toString());

        assertThat(code).isEqualTo(1);
        assertThat(started).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("acme.json:2:3: $.consentLifetime: must be at most 13 months")
                .contains("acme.json:3:90: $.pageTypes[0].categories[0]: refers to category \"ads\"");
    }

    @Test
    void brokenConfigurationFile_exitsOne() throws Exception {
        Path file = dir.resolve("site.json");
        Files.writeString(file, "{\"revision\": \"one\"}");

        assertThat(run("--port", "0", "--config", file.toString(), "--data", dir.resolve("data").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("site.json:1:2: $.revision: must be an integer", "$.signingKeys: at least one signing key is required");
    }

    @Test
    void missingConfiguration_exitsOne() {
        assertThat(run("--port", "0", "--config", dir.resolve("nope").toString(), "--data", dir.resolve("data").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope:0:0: $: no such file or folder");
    }

    @Test
    void configFile_makesTheWholeSiteOneOrganizer() throws Exception {
        Path file = dir.resolve("site.json");
        Files.copy(DemoDataTest.repositoryFile("docs/examples/consentkit.json"), file);
        String[] tenant = new String[1];

        int code = DemoMain.run(new String[] {"--port", "0", "--config", file.toString(), "--data", dir.resolve("data").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                server -> tenant[0] = Browser.bootstrap(new Browser(server.uri()).get("/webinars/quarterly-briefing/register").body())
                        .get("tenant").asText());

        assertThat(code).isZero();
        assertThat(tenant[0]).isEqualTo("default");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Configuration:    " + file.toAbsolutePath());
        assertThat(dir.resolve("data/config")).doesNotExist();
    }

    @Test
    void start_printsTheAddressAndTheGeneratedAdminPassword() {
        int code = run("--port", "0", "--data", dir.resolve("data").toString());

        assertThat(code).isZero();
        assertThat(started).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern("Site: +http://localhost:\\d+/")
                .containsPattern("Admin password: +[A-Za-z0-9_-]{20} +\\(generated")
                .contains("Admin user:       admin");
    }
}
