package dev.consentkit.servlet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.consentkit.core.BannerTexts;
import dev.consentkit.core.Category;
import dev.consentkit.core.Declaration;
import dev.consentkit.core.PageType;
import dev.consentkit.core.Policy;
import dev.consentkit.servlet.html.Markup;
import dev.consentkit.servlet.http.AsciiJson;
import dev.consentkit.servlet.http.DeclarationJson;
import dev.consentkit.servlet.http.Html;
import dev.consentkit.servlet.http.Json;
import dev.consentkit.servlet.http.RuntimeAssets;
import dev.consentkit.servlet.http.StateJson;
import dev.consentkit.servlet.http.Visitor;

import java.util.List;
import java.util.Map;

/**
 * The markup inserted first in {@code <head>}: the bootstrap JSON the browser runtime reads,
 * the runtime's stylesheet and its script. Every value is JSON-encoded with {@code <}, {@code >},
 * {@code &}, {@code '} and the JavaScript line terminators escaped, so no organizer text or
 * request value can close the element or inject markup.
 */
final class PageBootstrap {

    private static final String OPEN = "<script id=\"consentkit-bootstrap\" type=\"application/json\">";

    private PageBootstrap() {
    }

    /**
     * The markup in three pieces: the start of the bootstrap element with this visitor's fields;
     * the fields shared by every visitor of the page type in the locale, and the end of the
     * element (one {@linkplain Markup#shared shared} piece, built and encoded once); the runtime's
     * stylesheet and script. A page then costs the visitor's fields, not a copy of the texts and
     * declarations.
     */
    static List<Markup> markupParts(Visitor visitor, BannerTexts texts, String assetBase, RuntimeAssets assets, String nonce) {
        Markup fixed = sharedFields(visitor.policy(), visitor.pageType(), texts, assetBase);
        byte[] scratch = SCRATCH.get();
        AsciiJson start = new AsciiJson(scratch != null ? scratch : new byte[1024]);
        start.raw(OPEN).startObject();
        writeVisitorFields(start, visitor, assetBase);   // the object goes on with the shared fields
        byte[] used = start.buffer();
        if (used != scratch && used.length <= MAX_SCRATCH) {
            SCRATCH.set(used);                            // a huge path is not kept for the thread's life
        }
        Markup first = Markup.ofAscii(used, start.length());   // written out before this thread builds another
        return List.of(first, fixed, tail(assetBase, assets, nonce));
    }

    /**
     * The buffer of the visitor's fields, per thread: a page's are written out before the thread
     * builds the next (see {@link dev.consentkit.servlet.html.ElementPolicy#headInjectionParts()}).
     * A plain array, so that container threads do not hold on to the application's class loader.
     */
    private static final ThreadLocal<byte[]> SCRATCH = new ThreadLocal<>();
    private static final int MAX_SCRATCH = 16 * 1024;

    /** The runtime's tags: the same for every page of a filter unless there is a nonce. */
    private static Markup tail(String assetBase, RuntimeAssets assets, String nonce) {
        if (nonce != null) {
            return Markup.of(tailText(assetBase, assets, nonce));
        }
        Tail last = lastTail;
        if (last == null || last.assets() != assets || !last.assetBase().equals(assetBase)) {
            last = new Tail(assetBase, assets, Markup.shared(tailText(assetBase, assets, null)));
            lastTail = last;
        }
        return last.markup();
    }

    /** The tags without a nonce for the last asset base and assets asked for (one per filter, in practice). */
    private record Tail(String assetBase, RuntimeAssets assets, Markup markup) {
    }

    private static volatile Tail lastTail;

    /**
     * The markup of the settings screen's preview: the runtime talks to {@code endpoint} (a
     * sandbox that records nothing), and nothing is cached, since every draft is a one-off policy.
     */
    static String previewMarkup(Visitor visitor, BannerTexts texts, String endpoint, String assetBase, RuntimeAssets assets,
                                String nonce) {
        return OPEN + json(visitor, texts, endpoint) + "</script>" + tailText(assetBase, assets, nonce);
    }

    private static String tailText(String assetBase, RuntimeAssets assets, String nonce) {
        String nonceAttribute = nonce == null ? "" : " nonce=\"" + Html.escape(nonce) + "\"";
        return "<link rel=\"stylesheet\" href=\"" + Html.escape(assetBase) + "/assets/" + assets.stylesheetName() + "\"" + nonceAttribute + ">"
                + "<script src=\"" + Html.escape(assetBase) + "/assets/" + assets.scriptName() + "\"" + nonceAttribute + "></script>";
    }

    /**
     * The fields shared by every visitor of the page type in the locale, then the end of the
     * bootstrap element (from the comma after the visitor's fields to the closing script tag),
     * built once per policy, page type, locale and endpoint.
     */
    private static Markup sharedFields(Policy policy, PageType page, BannerTexts texts, String endpoint) {
        StaticKey key = new StaticKey(policy, page == null ? null : page.id(), texts.locale(), endpoint);
        Markup cached = STATIC_PARTS.getIfPresent(key);        // no capturing lambda on the usual hit
        return cached != null ? cached
                : STATIC_PARTS.get(key, k -> Markup.shared("," + staticFields(policy, page, texts).substring(1) + "</script>"));
    }

    /** The parts of the bootstrap that depend only on the policy, the page type and the locale. */
    private record StaticKey(Policy policy, String pageType, String locale, String endpoint) {
    }

    private static final Cache<StaticKey, Markup> STATIC_PARTS = Caffeine.newBuilder().maximumSize(4_096).build();

    /** The whole bootstrap JSON, built afresh: for a draft policy, which nothing may cache. */
    private static String json(Visitor visitor, BannerTexts texts, String endpoint) {
        AsciiJson dynamic = new AsciiJson(1024).startObject();
        writeVisitorFields(dynamic, visitor, endpoint);
        // the object goes on with the static fields
        return dynamic + "," + staticFields(visitor.policy(), visitor.pageType(), texts).substring(1);
    }

    /** The fields that depend on the visitor and the page's path, after the object's opening brace. */
    private static void writeVisitorFields(AsciiJson json, Visitor visitor, String endpoint) {
        Policy policy = visitor.policy();
        json.name("v").number(1);
        json.name("endpoint").string(endpoint);
        json.name("page").string(visitor.path());
        StateJson.writeFields(json, visitor, visitor.state(), visitor.permissions());
        json.name("region").string(visitor.region());
        json.name("gpc").bool(visitor.gpc());
        json.name("links").startObject();
        json.name("privacy").string(policy.organizer().privacyPolicyUrl());
        String cookies = policy.organizer().cookiePolicyUrl();
        if (cookies != null) {
            json.name("cookies").string(cookies);
        } else {
            json.name("cookies").url(endpoint, "/cookies?page=", visitor.path());
        }
        json.endObject();
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
                    DeclarationJson.write(g, d, c.id(), texts.locale(), policy.defaultLocale());
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
}
