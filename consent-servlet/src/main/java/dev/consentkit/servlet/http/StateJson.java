package dev.consentkit.servlet.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.consentkit.core.ConsentState;

import java.io.IOException;
import java.util.Map;

/** The visitor's state, as the state endpoints answer it and the page bootstrap carries it. */
public final class StateJson {

    private StateJson() {
    }

    /**
     * Writes the state fields (without the enclosing braces).
     *
     * @param g the generator, inside an object
     * @param visitor the visitor
     * @param state the valid decision, or null
     * @param allowed the allowed category ids
     * @throws IOException when writing fails
     */
    public static void writeFields(JsonGenerator g, Visitor visitor, ConsentState state, java.util.List<String> allowed)
            throws IOException {
        g.writeStringField("tenant", visitor.tenant());
        g.writeBooleanField("decided", state != null);
        if (state == null) {
            g.writeNullField("consentId");
            g.writeNullField("choices");
        } else {
            g.writeStringField("consentId", state.consentId().toString());
            g.writeObjectFieldStart("choices");
            for (Map.Entry<String, Boolean> e : state.choices().entrySet()) {
                if (visitor.policy().category(e.getKey()) != null) {
                    g.writeBooleanField(e.getKey(), e.getValue());
                }
            }
            g.writeEndObject();
        }
        g.writeArrayFieldStart("allowed");
        for (String id : allowed) {
            g.writeString(id);
        }
        g.writeEndArray();
        g.writeStringField("regime", visitor.regime().id());
        if (visitor.pageType() == null) {
            g.writeNullField("pageType");
        } else {
            g.writeStringField("pageType", visitor.pageType().id());
        }
        g.writeNumberField("revision", visitor.policy().revision());
        if (state == null) {
            g.writeNullField("decidedAt");
            g.writeNullField("expiresAt");
        } else {
            g.writeStringField("decidedAt", state.decidedAt().toString());
            g.writeStringField("expiresAt", state.expiresAt().toString());
        }
    }

    /**
     * The full state object.
     *
     * @param visitor the visitor
     * @param state the valid decision, or null
     * @param allowed the allowed category ids
     * @return the JSON object, safe to embed in HTML
     */
    public static String of(Visitor visitor, ConsentState state, java.util.List<String> allowed) {
        return Json.htmlSafe(g -> {
            g.writeStartObject();
            writeFields(g, visitor, state, allowed);
            g.writeEndObject();
        });
    }
}
