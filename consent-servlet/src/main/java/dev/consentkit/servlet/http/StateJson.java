package dev.consentkit.servlet.http;

import dev.consentkit.core.Category;
import dev.consentkit.core.ConsentState;
import dev.consentkit.core.Permissions;

import java.util.List;

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
        }
        List<Category> categories = visitor.policy().categories();
        if (state != null) {
            json.name("choices").startObject();
            for (int i = 0; i < categories.size(); i++) {     // the policy's categories the decision answers
                String id = categories.get(i).id();
                Boolean choice = state.choices().get(id);
                if (choice != null) {
                    json.name(id).bool(choice);
                }
            }
            json.endObject();
        }
        json.name("allowed").startArray();
        for (int i = 0; i < categories.size(); i++) {
            if (permissions.allows(categories.get(i))) {
                json.string(categories.get(i).id());
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
