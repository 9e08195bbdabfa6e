package dev.consentkit.servlet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Supply chain: what the libraries bring into an application is a short, reviewed list. A new
 * compile or runtime dependency of {@code consent-core} or {@code consent-servlet} fails this test
 * until it is added here on purpose (and to docs/security.md). The browser runtime has no
 * third-party code at all ({@code RuntimeSizeTest}); versions live in the parent POM, and the
 * enforcer checks dependency convergence and bans {@code javax.servlet}.
 */
class DependenciesTest {

    private static final Set<String> ALLOWED = Set.of(
            "com.fasterxml.jackson.core:jackson-databind",   // configuration, endpoints' JSON
            "com.github.ben-manes.caffeine:caffeine",       // bounded caches
            "dev.consentkit:consent-core",
            "jakarta.servlet:jakarta.servlet-api:provided"); // the container's

    @ParameterizedTest
    @CsvSource({"../consent-core/pom.xml", "pom.xml"})
    void theLibraries_dependOnlyOnTheReviewedList(String pom) throws Exception {
        Path file = Path.of(pom);
        assertThat(file).exists();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(file));
        Element dependencies = (Element) doc.getDocumentElement().getElementsByTagName("dependencies").item(0);
        NodeList list = dependencies.getElementsByTagName("dependency");
        List<String> shipped = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            String scope = text(d, "scope");
            if ("test".equals(scope)) {
                continue;
            }
            shipped.add(text(d, "groupId") + ":" + text(d, "artifactId") + (scope == null ? "" : ":" + scope));
        }
        assertThat(shipped).as(pom).isNotEmpty().allMatch(ALLOWED::contains);
    }

    private static String text(Element parent, String tag) {
        NodeList n = parent.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().trim();
    }
}
