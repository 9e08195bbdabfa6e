package dev.consentkit.core.config;

import dev.consentkit.core.BundledTexts;
import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.Layout;
import dev.consentkit.core.MatchType;
import dev.consentkit.core.Regime;
import dev.consentkit.core.UndeclaredPolicy;

import java.util.Arrays;
import java.util.List;

/** The shape of a ConsentKit configuration document: the single source of its JSON Schema. */
final class ConfigSpec {

    static final String ID_REGEX = "[a-z0-9][a-z0-9-]{0,62}";
    static final String LOCALE_REGEX = "[a-z]{2,3}(-[a-z0-9]{2,8})*";
    static final String REGION_KEY_REGEX = "[A-Z]{2}|EEA|EU|UK|other|unknown";
    static final String THEME_KEY_REGEX = "--ck-[a-z0-9-]{1,40}";
    /** Colours, lengths, font stacks: no quotes, semicolons, braces, backslashes or angle brackets. */
    static final String THEME_VALUE_REGEX = "[A-Za-z0-9#%.,()\\s-]{1,80}";
    static final String URL_REGEX = "(https?://[^\\s\"'<>`]+|/[^/\\s\"'<>`][^\\s\"'<>`]*|/)";
    static final String TEXT_KEY_REGEX = "[a-zA-Z]+|category\\.[a-z0-9][a-z0-9-]{0,62}\\.(label|description)|kind\\.[a-zA-Z]+";
    static final List<String> CONSENT_MODE_SIGNALS = List.of("ad_storage", "ad_user_data", "ad_personalization",
            "analytics_storage", "functionality_storage", "personalization_storage", "security_storage");

    static final Spec.Obj ROOT = build();

    private ConfigSpec() {
    }

    private static Spec.Str id(String what) {
        return new Spec.Str(ID_REGEX, what + " (1 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit)", null, 63);
    }

    private static Spec.Str text(int max) {
        return new Spec.Str(null, null, null, max);
    }

    private static Spec.Str url() {
        return new Spec.Str(URL_REGEX, "an http(s) URL or a path starting with '/'", null, 2048);
    }

    private static Spec.Str oneOf(Enum<?>[] values, java.util.function.Function<Enum<?>, String> id) {
        return new Spec.Str(null, null, Arrays.stream(values).map(id).toList(), 64);
    }

    private static Spec.Obj build() {
        Spec.Str locale = new Spec.Str(LOCALE_REGEX, "a lower-case locale tag such as \"en\" or \"pt-br\"", null, 35);
        Spec.Text localizedText = new Spec.Text(text(4000), LOCALE_REGEX);
        Spec.MapOf textMap = new Spec.MapOf(TEXT_KEY_REGEX, "a text key (" + String.join(", ", BundledTexts.keys().subList(0, 4)) + ", ...)", text(4000));
        Spec.MapOf textsByLocale = new Spec.MapOf(LOCALE_REGEX, "a lower-case locale tag such as \"en\" or \"pt-br\"", textMap);

        Spec.Obj organizer = new Spec.Obj()
                .optional("name", text(200), null, "The organizer's name, shown on the cookie declaration page.")
                .optional("privacyPolicyUrl", url(), null, "The organizer's privacy notice, linked from the banner.")
                .optional("cookiePolicyUrl", url(), null, "A page of the organizer's own that publishes the cookie declaration; "
                        + "by default the banner links ConsentKit's /consent/cookies.");

        Spec.Obj signingKey = new Spec.Obj()
                .required("id", new Spec.Str("[A-Za-z0-9._-]{1,32}", "1 to 32 characters out of A-Z a-z 0-9 . _ -", null, 32),
                        "Key identifier, carried in every token so the right key verifies it after a rotation.")
                .optional("secret", text(1024), null, "The secret, base64 (standard or URL-safe) of at least 32 random bytes. "
                        + "Prefer secretEnv or secretFile outside development.")
                .optional("secretEnv", new Spec.Str("[A-Za-z_][A-Za-z0-9_]{0,127}", "an environment variable name", null, 128), null,
                        "Name of an environment variable that holds the base64 secret.")
                .optional("secretFile", text(1024), null,
                        "Path of a file that holds the base64 secret; relative paths are resolved against the configuration file's folder.");
        signingKey.describe("A signing key. Exactly one of secret, secretEnv and secretFile.");

        Spec.Obj declaration = new Spec.Obj()
                .required("kind", oneOf(DeclarationKind.values(), e -> ((DeclarationKind) e).id()), "What the name names.")
                .required("name", text(512), "The cookie name, storage key, database name or script/iframe URL; "
                        + "a prefix when match is prefix, a regular expression (whole-name match) when match is regex.")
                .optional("match", oneOf(MatchType.values(), e -> ((MatchType) e).id()), "exact", "How name is compared.")
                .optional("provider", text(200), null, "Who sets it: the organizer, or a vendor such as \"Google Analytics\".")
                .optional("purpose", localizedText, null, "Why it is used, as published in the cookie declaration.")
                .optional("retention", text(100), null, "How long it is kept, as published (\"13 months\", \"session\").")
                .optional("domain", new Spec.Str("\\.?[A-Za-z0-9.-]{1,253}", "a host name, optionally with a leading dot", null, 254), null,
                        "The cookie's Domain attribute, if it has one; used to expire the cookie on withdrawal.")
                .optional("path", new Spec.Str("/[^;\\s]*", "a path starting with '/' without ';' or spaces", null, 512), "/",
                        "The cookie's Path attribute; used to expire the cookie on withdrawal.");

        Spec.Obj category = new Spec.Obj()
                .required("id", id("a category id"), "Identifier, such as analytics. \"necessary\" is always granted and cannot be refused.")
                .optional("label", localizedText, null, "Switch label; bundled for necessary, preferences, analytics and marketing.")
                .optional("description", localizedText, null, "What the category is for; bundled for the standard categories.")
                .optional("saleOrSharing", new Spec.Bool(), null,
                        "Whether Global Privacy Control refuses it in opt-out regimes (sale or sharing of personal data). Default: true for marketing.")
                .optional("consentMode", new Spec.Arr(new Spec.Str(null, null, CONSENT_MODE_SIGNALS, 64), 0), null,
                        "Google Consent Mode v2 parameters granted with this category. Defaults: preferences → functionality_storage, "
                                + "personalization_storage; analytics → analytics_storage; marketing → ad_storage, ad_user_data, ad_personalization.")
                .optional("declarations", new Spec.Arr(declaration, 0), List.of(), "What the category covers.");

        Spec.Obj pageType = new Spec.Obj()
                .required("id", id("a page type id"), "registration, waiting-room, thank-you, profile, login, or a custom id.")
                .required("paths", new Spec.Arr(new Spec.Str("/[^\\s?#]*", "a path pattern starting with '/'", null, 512), 1),
                        "Request path patterns: '*' matches one segment, '**' any number, 'prefix*' a segment by prefix.")
                .optional("categories", new Spec.Arr(id("a category id"), 0), null,
                        "Categories offered on this page type; necessary is implied. Default: every category.")
                .optional("layout", oneOf(Layout.values(), e -> ((Layout) e).id()), "bar", "Banner layout on this page type.")
                .optional("texts", textsByLocale, null, "Banner text overrides for this page type, per locale.");

        Spec.Obj consentMode = new Spec.Obj()
                .optional("enabled", new Spec.Bool(), true, "Send Google Consent Mode v2 default and update commands.")
                .optional("waitForUpdate", new Spec.Int(0, 10_000), 500, "wait_for_update, in milliseconds, of the default command.");

        return new Spec.Obj()
                .optional("$schema", text(2048), null, "The JSON Schema of this document; ignored.")
                .optional("revision", new Spec.Int(0, Integer.MAX_VALUE), 1,
                        "Raise it when the configuration asks visitors for more than before: every older consent then counts as no decision.")
                .optional("organizer", organizer, null, "The organizer (tenant) the configuration belongs to.")
                .optional("defaultLocale", locale, "en", "The locale of last resort; its texts must be complete.")
                .optional("locales", new Spec.Arr(locale, 1), null, "Locales offered; default: the 26 bundled ones and any with texts.")
                .optional("consentLifetime", new Spec.Str("P(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?", "an ISO-8601 period such as P6M or P180D", null, 32),
                        "P6M", "How long a decision lasts before the visitor is asked again; at most 13 months (P13M).")
                .optional("undeclared", oneOf(UndeclaredPolicy.values(), e -> ((UndeclaredPolicy) e).id()), "block",
                        "What happens to cookies, keys, scripts and iframes that no declaration covers. They are always reported.")
                .optional("signingKeys", new Spec.Arr(signingKey, 0), null,
                        "Keys that sign the consent cookie; the first signs, all verify. Required (in the tenant file or the platform default).")
                .optional("regions", new Spec.MapOf(REGION_KEY_REGEX, "a two-letter country code, EEA, EU, UK, other or unknown",
                                oneOf(Regime.values(), e -> ((Regime) e).id())), null,
                        "Regime per region. Built in: EEA, UK and CH are opt-in. other: known countries not listed (default opt-in); "
                                + "unknown: no usable region (default: the strictest regime configured).")
                .optional("categories", new Spec.Arr(category, 0), null, "The categories, in the order the banner lists them; necessary is added first when missing.")
                .optional("pageTypes", new Spec.Arr(pageType, 0), null, "The page types, matched in order; the first match wins. On a path no page type matches, cookies are still "
                        + "filtered but no banner is inserted.")
                .optional("texts", textsByLocale, null, "Banner text overrides per locale, over the bundled texts.")
                .optional("theme", new Spec.MapOf(THEME_KEY_REGEX, "a CSS custom property named --ck-*",
                                new Spec.Str(THEME_VALUE_REGEX, "a plain CSS value (no quotes, semicolons, braces or angle brackets)", null, 80)),
                        null, "CSS custom properties of the banner: --ck-accent, --ck-on-accent, --ck-bg, --ck-fg, --ck-line, --ck-radius, --ck-font. "
                                + "Keep text and background at a contrast of at least 4.5:1.")
                .optional("consentMode", consentMode, null, "Google Consent Mode v2 commands the browser runtime pushes to the dataLayer (on by default).");
    }
}
