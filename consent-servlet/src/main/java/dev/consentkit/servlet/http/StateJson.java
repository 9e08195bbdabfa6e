package dev.consentkit.servlet.http;

import dev.consentkit.core.Category;
import dev.consentkit.core.ConsentState;
import dev.consentkit.core.Permissions;

import java.util.Map;

/** The visitor's state, as the state endpoints answer it and the page bootstrap carries it. */
public final class StateJson {

    private StateJson() {
    }

    /**
     * Writes the state fields (without the enclosing braces).
     *
     * @param json the writer, inside an object
     * @param visitor the visitor
     * @param state the valid decision, or null
     * @param permissions what the visitor allows: its categories are the {@code allowed} field
     */
    public static void writeFields(AsciiJson json, Visitor visitor, ConsentState state, Permissions permissions) {
        json.name("tenant").string(visitor.tenant());
        json.name("decided").bool(state != null);
        if (state == null) {
            json.name("consentId").nullValue();
            json.name("choices").nullValue();
        } else {
            json.name("consentId").uuid(state.consentId());
            json.name("choices").startObject();
            for (Map.Entry<String, Boolean> e : state.choices().entrySet()) {
                if (visitor.policy().category(e.getKey()) != null) {
                    json.name(e.getKey()).bool(e.getValue());
                }
            }
            json.endObject();
        }
        json.name("allowed").startArray();
        for (Category c : visitor.policy().categories()) {
            if (permissions.allows(c)) {
                json.string(c.id());
            }
        }
        json.endArray();
        json.name("regime").string(visitor.regime().id());
        json.name("pageType").string(visitor.pageType() == null ? null : visitor.pageType().id());
        json.name("revision").number(visitor.policy().revision());
        json.name("decidedAt").instant(state == null ? null : state.decidedAt());
        json.name("expiresAt").instant(state == null ? null : state.expiresAt());
    }

    /**
     * The full state object.
     *
     * @param visitor the visitor
     * @param state the valid decision, or null
     * @param permissions what the visitor allows
     * @return the JSON object, ASCII, safe to embed in HTML
     */
    public static String of(Visitor visitor, ConsentState state, Permissions permissions) {
        AsciiJson json = new AsciiJson(512);
        json.startObject();
        writeFields(json, visitor, state, permissions);
        json.endObject();
        return json.toString();
    }
}
