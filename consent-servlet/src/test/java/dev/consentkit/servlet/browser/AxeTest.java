package dev.consentkit.servlet.browser;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AxeTest {

    @Test
    void tarReader_findsTheFile_behindOthers() throws IOException {
        byte[] content = "window.axe = {};".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] archive = Axe.tarGz("package/axe.min.js", content);
        assertThat(Axe.fileFromTarGz(archive, "package/axe.min.js")).isEqualTo(content);
    }

    @Test
    void tarReader_reportsAMissingFile() throws IOException {
        byte[] archive = Axe.tarGz("package/README.md", new byte[700]);
        assertThatThrownBy(() -> Axe.fileFromTarGz(archive, "package/axe.min.js")).hasMessageContaining("not in the archive");
    }
}
