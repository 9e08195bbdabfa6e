package dev.consentkit.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DemoDataTest {

    @TempDir
    Path dir;

    @Test
    void signingKey_isGeneratedOnce_32RandomBytes_ownerOnly() throws Exception {
        Path data = dir.resolve("data");

        String first = DemoData.signingKey(data);
        String again = DemoData.signingKey(data);

        assertThat(Base64.getDecoder().decode(first)).hasSize(32);
        assertThat(again).isEqualTo(first);
        assertThat(DemoData.signingKey(dir.resolve("other"))).isNotEqualTo(first);
        Path file = data.resolve("signing-key");
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void signingKey_tooShort_isRefusedWithAHint() throws Exception {
        Files.writeString(dir.resolve("signing-key"), Base64.getEncoder().encodeToString(new byte[16]));

        assertThatThrownBy(() -> DemoData.signingKey(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("16 bytes, at least 32 are required; delete it");
    }

    @Test
    void extractConfiguration_copiesTheBundledExample_andKeepsEdits() throws Exception {
        Path config = DemoData.extractConfiguration(dir, List.of("acme", "globex"));
        Path acme = config.resolve("acme.json");
        Files.writeString(acme, "{\"organizer\": {\"name\": \"Edited\"}}");

        DemoData.extractConfiguration(dir, List.of("acme", "globex"));

        assertThat(config.resolve("default.json")).hasSameTextualContentAs(repositoryFile("docs/examples/consentkit.json"));
        assertThat(config.resolve("globex.json")).hasSameTextualContentAs(repositoryFile("docs/examples/tenants/globex.json"));
        assertThat(Files.readString(acme, StandardCharsets.UTF_8)).contains("Edited");
    }

    /** A file of the repository, from the module folder Maven runs tests in. */
    static Path repositoryFile(String path) {
        for (Path candidate : List.of(Path.of(path), Path.of("..").resolve(path))) {
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(path + " not found from " + Path.of("").toAbsolutePath());
    }
}
