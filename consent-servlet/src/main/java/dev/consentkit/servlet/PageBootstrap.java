package dev.consentkit.servlet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.consentkit.core.BannerTexts;
import dev.consentkit.core.Category;
import dev.consentkit.core.Declaration;
import dev.consentkit.core.PageType;
import dev.consentkit.core.Policy;
import dev.consentkit.servlet.http.Html;
import dev.consentkit.servlet.http.Json;
import dev.consentkit.servlet.http.RuntimeAssets;
import dev.consentkit.servlet.http.StateJson;
import dev.consentkit.servlet.http.Visitor;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The markup inserted first in {@code <head>}: the bootstrap JSON the browser runtime reads,
 * the runtime's stylesheet and its script. Every value is JSON-encoded with {@code <}, {@code >},
 * {@code &}, {@code '} and the JavaScript line terminators escaped, so no organizer text or
 * request value can close the element or inject markup.
 */
final class PageBootstrap {

    private PageBootstrap() {
    }

    static String markup(Visitor visitor, BannerTexts texts, String assetBase, RuntimeAssets assets, String nonce) {
        return markup(json(visitor, texts, assetBase, true), assetBase, assets, nonce);
    }

    /**
     * The markup of the settings screen's preview: the runtime talks to {@code endpoint} (a
     * sandbox that records nothing), and nothing is cached, since every draft is a one-off policy.
     */
    static String previewMarkup(Visitor visitor, BannerTexts texts, String endpoint, String assetBase, RuntimeAssets assets,
                                String nonce) {
        return markup(json(visitor, texts, endpoint, false), assetBase, assets, nonce);
    }

    private static String markup(String json, String assetBase, RuntimeAssets assets, String nonce) {
        String nonceAttribute = nonce == null ? "" : " nonce=\"" + Html.escape(nonce) + "\"";
        return "<script id=\"consentkit-bootstrap\" type=\"application/json\">" + json + "</script>"
                + "<link rel=\"stylesheet\" href=\"" + Html.escape(assetBase) + "/assets/" + assets.stylesheetName() + "\"" + nonceAttribute + ">"
                + "<script src=\"" + Html.escape(assetBase) + "/assets/" + assets.scriptName() + "\"" + nonceAttribute + "></script>";
    }

    /** The parts of the bootstrap that depend only on the policy, the page type and the locale. */
    private record StaticKey(Policy policy, String pageType, String locale, String endpoint) {
    }

    private static final Cache<StaticKey, String> STATIC_PARTS = Caffeine.newBuilder().maximumSize(4_096).build();

    static String json(Visitor visitor, BannerTexts texts, String endpoint) {
        return json(visitor, texts, endpoint, true);
    }

    private static String json(Visitor visitor, BannerTexts texts, String endpoint, boolean cache) {
        Policy policy = visitor.policy();
        PageType page = visitor.pageType();
        String fixed = !cache ? staticFields(policy, page, texts)
                : STATIC_PARTS.get(new StaticKey(policy, page == null ? null : page.id(), texts.locale(), endpoint),
                        key -> staticFields(policy, page, texts));
        String dynamic = Json.htmlSafe(g -> {
            g.writeStartObject();
            g.writeNumberField("v", 1);
            g.writeStringField("endpoint", endpoint);
            g.writeStringField("page", visitor.path());
            StateJson.writeFields(g, visitor, visitor.state(), visitor.permissions().allowedCategoryIds());
            if (visitor.region() == null) {
                g.writeNullField("region");
            } else {
                g.writeStringField("region", visitor.region());
            }
            g.writeBooleanField("gpc", visitor.gpc());
            g.writeObjectFieldStart("links");
            String privacy = policy.organizer().privacyPolicyUrl();
            if (privacy == null) {
                g.writeNullField("privacy");
            } else {
                g.writeStringField("privacy", privacy);
            }
            String cookies = policy.organizer().cookiePolicyUrl();
            g.writeStringField("cookies", cookies != null ? cookies
                    : endpoint + "/cookies?page=" + URLEncoder.encode(visitor.path(), StandardCharsets.UTF_8));
            g.writeEndObject();
            g.writeEndObject();
        });
        // {dynamic fields, static fields}: both parts are complete objects; splice them into one
        return dynamic.substring(0, dynamic.length() - 1) + "," + fixed.substring(1);
    }

    /** The fields that are the same for every visitor of a page type in a locale, as a JSON object. */
    private static String staticFields(Policy policy, PageType page, BannerTexts texts) {
        return Json.htmlSafe(g -> {
            g.writeStartObject();
            g.writeStringField("layout", page == null ? "bar" : page.layout().id());
            g.writeStringField("undeclared", policy.undeclaredPolicy().id());
            g.writeArrayFieldStart("categories");
            for (Category c : policy.categories()) {
                if (page != null && !page.offers(c.id())) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("id", c.id());
                g.writeBooleanField("required", c.required());
                g.writeStringField("label", texts.get("category." + c.id() + ".label"));
                g.writeStringField("description", texts.get("category." + c.id() + ".description"));
                g.writeArrayFieldStart("consentMode");
                for (String signal : c.consentModeSignals()) {
                    g.writeString(signal);
                }
                g.writeEndArray();
                g.writeBooleanField("saleOrSharing", c.refusedByGpc());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("declarations");
            for (Category c : policy.categories()) {
                for (Declaration d : c.declarations()) {
                    writeDeclaration(g, d, c.id(), texts.locale(), policy.defaultLocale());
                }
            }
            g.writeEndArray();
            g.writeObjectFieldStart("texts");
            for (Map.Entry<String, String> e : texts.values().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeStringField("locale", texts.locale());
            g.writeStringField("dir", texts.direction());
            g.writeObjectFieldStart("consentMode");
            g.writeBooleanField("enabled", policy.consentModeEnabled());
            g.writeNumberField("waitForUpdate", policy.consentModeWaitMillis());
            g.writeEndObject();
            g.writeObjectFieldStart("theme");
            for (Map.Entry<String, String> e : policy.theme().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void writeDeclaration(JsonGenerator g, Declaration d, String category, String locale, String defaultLocale)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", d.kind().id());
        g.writeStringField("name", d.name());
        g.writeStringField("match", d.match().id());
        g.writeStringField("category", category);
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
