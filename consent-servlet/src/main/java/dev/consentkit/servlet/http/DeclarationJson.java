package dev.consentkit.servlet.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.consentkit.core.Declaration;

import java.io.IOException;

/** A cookie declaration, as {@code /consent/cookies.json} publishes it and the page bootstrap carries it. */
public final class DeclarationJson {

    private DeclarationJson() {
    }

    /**
     * Writes one declaration as a JSON object: kind, name, match, the category when given,
     * provider, purpose in the locale, retention, domain and path.
     *
     * @param g the generator, where a value may go
     * @param d the declaration
     * @param category the id of the declaration's category, or null to leave the field out (where
     *     the enclosing object already says it)
     * @param locale the locale of the purpose
     * @param defaultLocale the locale the purpose falls back to
     * @throws IOException when writing fails
     */
    public static void write(JsonGenerator g, Declaration d, String category, String locale, String defaultLocale)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", d.kind().id());
        g.writeStringField("name", d.name());
        g.writeStringField("match", d.match().id());
        if (category != null) {
            g.writeStringField("category", category);
        }
        g.writeStringField("provider", d.provider());
        g.writeStringField("purpose", d.purpose().in(locale, defaultLocale));
        g.writeStringField("retention", d.retention());
        if (d.domain() == null) {
            g.writeNullField("domain");
        } else {
            g.writeStringField("domain", d.domain());
        }
        g.writeStringField("path", d.path());
        g.writeEndObject();
    }
}
