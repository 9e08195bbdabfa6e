package dev.consentkit.servlet.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consentkit.core.BundledTexts;
import dev.consentkit.core.Category;
import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.Layout;
import dev.consentkit.core.MatchType;
import dev.consentkit.core.PageType;
import dev.consentkit.core.Policy;
import dev.consentkit.core.Regime;
import dev.consentkit.core.config.ConfigurationDiff;
import dev.consentkit.core.config.ConfigurationProblem;
import dev.consentkit.core.tenant.SettingsReview;
import dev.consentkit.core.tenant.SettingsSnapshot;
import dev.consentkit.core.tenant.SettingsVersion;
import dev.consentkit.servlet.ConsentOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One rendering of a settings screen: plain HTML forms, fieldsets with legends, a label for
 * every field, problems listed in a summary that links to each field and repeated next to it,
 * and no script. Every value is escaped.
 */
final class SettingsPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final Set<String> LONG_TEXTS = Set.of("description", "preferencesDescription", "placeholder", "declarationIntro");
    private static final Map<String, String> KEY_LABELS = Map.ofEntries(
            Map.entry("title", "Banner title"), Map.entry("description", "Banner text"),
            Map.entry("acceptAll", "Accept all button"), Map.entry("rejectAll", "Reject all button"),
            Map.entry("customize", "Customise button"), Map.entry("save", "Save choices button"),
            Map.entry("close", "Close button"), Map.entry("open", "Cookie settings button (after deciding)"),
            Map.entry("preferencesTitle", "Preferences title"), Map.entry("preferencesDescription", "Preferences text"),
            Map.entry("alwaysOn", "Always on (necessary)"), Map.entry("declarationLink", "Link to the cookie declaration"),
            Map.entry("privacyLink", "Link to the privacy notice"), Map.entry("colName", "Table column: name"),
            Map.entry("colKind", "Table column: type"), Map.entry("colProvider", "Table column: provider"),
            Map.entry("colPurpose", "Table column: purpose"), Map.entry("colRetention", "Table column: retention"),
            Map.entry("placeholder", "Embedded content placeholder ({provider}, {category})"), Map.entry("loadOnce", "Load once button"),
            Map.entry("alwaysAllow", "Always allow button ({category})"), Map.entry("saved", "Choices saved message"),
            Map.entry("declarationTitle", "Cookie declaration title"), Map.entry("declarationIntro", "Cookie declaration introduction"));
    private static final Map<String, String> LAYOUTS = Map.of(
            "bar", "Bar along the bottom", "box", "Box in a corner", "modal", "Dialog in the middle (keeps focus until a choice)");
    private static final Map<String, String> REGIMES = Map.of(
            "opt-in", "opt-in: nothing until the visitor agrees",
            "opt-out", "opt-out: on until the visitor refuses (GPC refuses marketing)",
            "notice", "notice: information only");

    /** Two versions compared. */
    record Comparison(int from, int to, List<ConfigurationDiff.Change> changes) {
    }

    /** Going back to a version, reviewed. */
    record Rollback(int version, SettingsReview review) {
    }

    private final SettingsEndpoint.Context ctx;
    private final SettingsEndpoint.Screen screen;
    private final SettingsSnapshot snapshot;
    private final Policy policy;
    private final ConsentOptions options;
    private final UndeclaredNames undeclared;
    private final String nonce;
    private final JsonNode effective;
    private final List<String> notices = new ArrayList<>();

    SettingsPage(SettingsEndpoint.Context ctx, SettingsEndpoint.Screen screen, SettingsSnapshot snapshot, Policy policy,
                 ConsentOptions options, UndeclaredNames undeclared, String nonce) {
        this.ctx = ctx;
        this.screen = screen;
        this.snapshot = snapshot;
        this.policy = policy;
        this.options = options;
        this.undeclared = undeclared;
        this.nonce = nonce;
        this.effective = SettingsForms.parse(snapshot.effective());
    }

    String nonce() {
        return nonce;
    }

    void notice(String text) {
        if (text != null) {
            notices.add(text);
        }
    }

    // ------------------------------------------------------------------ frame

    private String settingsBase() {
        return ctx.base() + "/settings";
    }

    private String tenantQuery() {
        return "tenant=" + URLEncoder.encode(ctx.tenant(), StandardCharsets.UTF_8);
    }

    private String organizerLabel() {
        String name = policy == null ? "" : policy.organizer().name();
        if (Policy.DEFAULT_TENANT.equals(ctx.tenant())) {
            return "Platform default" + (name.isEmpty() ? "" : " (" + name + ")");
        }
        return name.isEmpty() ? ctx.tenant() : name + " (" + ctx.tenant() + ")";
    }

    private void open(StringBuilder h) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(Html.escape(screen.title)).append(" · Consent settings · ").append(Html.escape(organizerLabel()))
                .append("</title>\n<style nonce=\"").append(nonce).append("\">").append(AdminPage.STYLE).append(STYLE)
                .append("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the settings</a>\n")
                .append("<header class=\"top\"><div class=\"wrap\"><p class=\"brand\">ConsentKit <span>consent settings</span></p>")
                .append(picker())
                .append("<a class=\"nav-link\" href=\"").append(Html.escape(ctx.base() + "?" + tenantQuery())).append("\">Dashboard</a>")
                .append("</div></header>\n<nav class=\"wrap tabs\" aria-label=\"Settings sections\"><ul>");
        for (SettingsEndpoint.Screen s : SettingsEndpoint.Screen.values()) {
            h.append("<li><a href=\"").append(Html.escape(settingsBase() + s.path + "?" + tenantQuery())).append("\"")
                    .append(s == screen ? " aria-current=\"page\"" : "").append(">").append(Html.escape(s.title)).append("</a></li>");
        }
        h.append("</ul></nav>\n<main id=\"main\" class=\"wrap\">\n<h1>").append(Html.escape(screen.title))
                .append(" <small>").append(Html.escape(organizerLabel())).append("</small></h1>\n");
        for (String n : notices) {
            h.append("<p class=\"notice\" role=\"status\">").append(Html.escape(n)).append("</p>\n");
        }
    }

    private String close(StringBuilder h) {
        h.append("</main>\n<footer class=\"wrap\"><p>Version ").append(snapshot.versionNumber() == 0 ? "0 (the configuration files alone)"
                        : Integer.toString(snapshot.versionNumber()))
                .append(" in force · revision ").append(snapshot.revision()).append(" · times are UTC.</p></footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private String picker() {
        StringBuilder sb = new StringBuilder("<form class=\"picker\" method=\"get\" action=\"")
                .append(Html.escape(settingsBase() + screen.path)).append("\"><label for=\"tenant\">Organizer</label>");
        if (ctx.viewer().tenants().size() > 200) {
            sb.append("<input id=\"tenant\" name=\"tenant\" required value=\"").append(Html.escape(ctx.tenant())).append("\">");
        } else {
            sb.append("<select id=\"tenant\" name=\"tenant\">");
            for (String t : ctx.viewer().tenants()) {
                sb.append("<option value=\"").append(Html.escape(t)).append("\"").append(t.equals(ctx.tenant()) ? " selected" : "")
                        .append(">").append(Html.escape(Policy.DEFAULT_TENANT.equals(t) ? "Platform default" : t)).append("</option>");
            }
            sb.append("</select>");
        }
        return sb.append("<button type=\"submit\">Show</button></form>").toString();
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + Html.escape(name) + "\" value=\"" + Html.escape(value) + "\">";
    }

    // ------------------------------------------------------------------ overview

    String overview() {
        StringBuilder h = new StringBuilder(16 * 1024);
        open(h);
        SettingsVersion v = snapshot.version();
        h.append("<section class=\"card\" aria-labelledby=\"now-title\"><h2 id=\"now-title\">In force now</h2><dl class=\"facts\">")
                .append("<div><dt>Version</dt><dd>");
        if (v == null) {
            h.append("The configuration files alone (no change saved here yet)");
        } else {
            h.append(v.version()).append(", saved by ").append(Html.escape(v.author())).append(" on ").append(TIME.format(v.savedAt()))
                    .append(v.comment().isEmpty() ? "" : ": “" + Html.escape(v.comment()) + "”");
        }
        h.append("</dd></div><div><dt>Revision</dt><dd>").append(snapshot.revision())
                .append(" <span class=\"meta\">(consent given under an older revision counts as no decision)</span></dd></div>")
                .append("<div><dt>Page types</dt><dd>").append(effective.path("pageTypes").size()).append("</dd></div>")
                .append("<div><dt>Declarations</dt><dd>").append(declarationCount()).append("</dd></div></dl></section>\n");
        h.append("<section class=\"card\" aria-labelledby=\"what-title\"><h2 id=\"what-title\">What you can set here</h2><ul class=\"sections\">");
        item(h, SettingsEndpoint.Screen.PAGES, "which cookie categories attendees are asked about on each kind of page, and the banner's layout there");
        item(h, SettingsEndpoint.Screen.TEXTS, "the banner's wording per language, for all pages or one kind of page, over the bundled texts");
        item(h, SettingsEndpoint.Screen.REGIONS, "which rules apply to visitors from each country or region");
        item(h, SettingsEndpoint.Screen.DECLARATIONS, "the cookies, storage keys, scripts and embeds each category covers, and the names seen on your pages that nobody declared");
        item(h, SettingsEndpoint.Screen.HISTORY, "every saved version, what changed, going back to any of them, and JSON files for version control");
        h.append("</ul></section>\n<section class=\"card\" aria-labelledby=\"files-title\"><h2 id=\"files-title\">The configuration files and this screen</h2>")
                .append("<p>Your developers' JSON configuration files stay the base. What you save here is kept as versions on top of them: ")
                .append("a page type, declaration, text or region you change here wins over the files, and everything else keeps ")
                .append("following the files. Each save is checked like the files are and is in force at once, on every server. ")
                .append("When a change asks attendees for more than before, such as a category newly offered, they are asked again; ")
                .append("you see it before saving.</p></section>\n");
        return close(h);
    }

    private void item(StringBuilder h, SettingsEndpoint.Screen s, String what) {
        h.append("<li><a href=\"").append(Html.escape(settingsBase() + s.path + "?" + tenantQuery())).append("\">")
                .append(Html.escape(s.title)).append("</a>: ").append(Html.escape(what)).append("</li>");
    }

    private int declarationCount() {
        int n = 0;
        for (JsonNode c : effective.path("categories")) {
            n += c.path("declarations").size();
        }
        return n;
    }

    // ------------------------------------------------------------------ editing screens

    /**
     * An editing screen.
     *
     * @param form the form's values
     * @param review the review of a posted form, or null on first display
     * @param errors field id to the problems shown next to it
     * @param unplaced problems no field of the form set, shown in the summary only
     * @param conflict why a save did not happen, or null
     */
    String screen(SettingsForms.Form form, SettingsReview review, Map<String, List<String>> errors,
                  List<ConfigurationProblem> unplaced, String conflict) {
        StringBuilder h = new StringBuilder(64 * 1024);
        open(h);
        if (form instanceof SettingsForms.TextsForm texts) {
            textScopePicker(h, texts);
        }
        if (form instanceof SettingsForms.DeclarationsForm) {
            undeclaredNames(h);
        }
        h.append("<div class=\"").append(screen.previews() ? "with-preview" : "single").append("\">\n");
        h.append("<form id=\"settings-form\" class=\"settings\" method=\"post\" action=\"")
                .append(Html.escape(settingsBase() + screen.path)).append("\" accept-charset=\"UTF-8\" novalidate>")
                .append(hidden("csrf", ctx.csrf())).append(hidden("tenant", ctx.tenant()));
        summary(h, errors, unplaced);
        if (review != null && errors.isEmpty() && unplaced.isEmpty()) {
            reviewPanel(h, review, conflict, "save", null);
        }
        Errors e = new Errors(errors);
        if (form instanceof SettingsForms.PagesForm pages) {
            pagesForm(h, pages, e);
        } else if (form instanceof SettingsForms.TextsForm texts) {
            textsForm(h, texts, e);
        } else if (form instanceof SettingsForms.RegionsForm regions) {
            regionsForm(h, regions, e);
        } else if (form instanceof SettingsForms.DeclarationsForm declarations) {
            declarationsForm(h, declarations, e);
        }
        h.append("<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"review\">Review changes</button>")
                .append("<span class=\"meta\">Nothing is saved before you review the changes and confirm.</span></div></form>\n");
        if (screen.previews()) {
            previewPanel(h, form);
        }
        h.append("</div>\n");
        return close(h);
    }

    /** The problems of a field, and what is left over for the summary's links. */
    private static final class Errors {
        final Map<String, List<String>> byField;

        Errors(Map<String, List<String>> byField) {
            this.byField = byField;
        }

        boolean has(String field) {
            return byField.containsKey(field);
        }

        /** {@code aria-invalid} and {@code aria-describedby} for an input with problems. */
        String attributes(String field) {
            return has(field) ? " aria-invalid=\"true\" aria-describedby=\"" + field + "-error\"" : "";
        }

        /** {@code aria-describedby} for a group of inputs with problems (a group is not itself invalid). */
        String groupAttributes(String field) {
            return has(field) ? " aria-describedby=\"" + field + "-error\"" : "";
        }

        /** The problems shown under a field. */
        String messages(String field) {
            List<String> messages = byField.get(field);
            if (messages == null) {
                return "";
            }
            StringBuilder sb = new StringBuilder("<p class=\"error\" id=\"").append(field).append("-error\">");
            for (int i = 0; i < messages.size(); i++) {
                sb.append(i == 0 ? "" : " ").append("<span class=\"sr\">Problem: </span>").append(Html.escape(sentence(messages.get(i))));
            }
            return sb.append("</p>").toString();
        }

        boolean anyStartingWith(String prefix) {
            return byField.keySet().stream().anyMatch(k -> k.equals(prefix) || k.startsWith(prefix + "-"));
        }
    }

    private static String sentence(String message) {
        String m = message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return m.endsWith(".") ? m : m + ".";
    }

    private void summary(StringBuilder h, Map<String, List<String>> errors, List<ConfigurationProblem> unplaced) {
        int count = unplaced.size() + errors.values().stream().mapToInt(List::size).sum();
        if (count == 0) {
            return;
        }
        h.append("<div id=\"problems\" class=\"errors\" role=\"alert\" aria-labelledby=\"problems-title\" tabindex=\"-1\" autofocus>")
                .append("<h2 id=\"problems-title\">").append(count).append(count == 1 ? " problem" : " problems")
                .append(" to fix before saving</h2><ul>");
        errors.forEach((field, messages) -> {
            for (String m : messages) {
                h.append("<li><a href=\"#").append(Html.escape(field)).append("\">").append(Html.escape(sentence(m))).append("</a></li>");
            }
        });
        for (ConfigurationProblem p : unplaced) {
            h.append("<li>").append(Html.escape(sentence(p.message()))).append(" <code class=\"path\">").append(Html.escape(p.path()))
                    .append("</code></li>");
        }
        h.append("</ul></div>\n");
    }

    /**
     * What saving would do, and the button that does it.
     *
     * @param action the save action's value
     * @param extra hidden fields the save needs besides the form's own, or null
     */
    private void reviewPanel(StringBuilder h, SettingsReview review, String conflict, String action, String extra) {
        h.append("<section id=\"review\" class=\"review\" aria-labelledby=\"review-title\" tabindex=\"-1\" autofocus>")
                .append("<h2 id=\"review-title\">Review the changes</h2>");
        if (conflict != null) {
            h.append("<p class=\"warning\">").append(Html.escape(conflict)).append("</p>");
        }
        if (!review.valid()) {
            h.append("<p class=\"warning\">This cannot be saved:</p><ul>");
            for (ConfigurationProblem p : review.problems()) {
                h.append("<li>").append(Html.escape(sentence(p.message()))).append(" <code class=\"path\">").append(Html.escape(p.path()))
                        .append("</code></li>");
            }
            h.append("</ul></section>\n");
            return;
        }
        if (!review.changed()) {
            h.append("<p>Nothing changes: this is the configuration in force (version ").append(review.basedOn()).append(").</p></section>\n");
            return;
        }
        h.append("<ul class=\"changes\">");
        for (ConfigurationDiff.Change c : review.changes()) {
            h.append("<li><strong>").append(Html.escape(c.subject())).append("</strong>: ").append(Html.escape(c.text())).append("</li>");
        }
        h.append("</ul>");
        if (review.asksAgain()) {
            h.append("<div class=\"impact ask\"><p><strong>Attendees will be asked again</strong> (revision ").append(review.revisionBefore())
                    .append(" → ").append(review.revisionAfter()).append("): this asks for more than they agreed to, because</p><ul>");
            for (String reason : review.askAgainReasons()) {
                h.append("<li>").append(Html.escape(reason)).append("</li>");
            }
            h.append("</ul></div>");
        } else {
            h.append("<div class=\"impact keep\"><p><strong>Attendees will not be asked again</strong> (revision stays ")
                    .append(review.revisionAfter()).append("): nothing here asks for more than before. Each decision records a hash ")
                    .append("of the exact banner text it was made on, so new wording is on record.</p></div>");
        }
        h.append("<div class=\"field\"><label for=\"comment\">Note for the history (optional)</label>")
                .append("<input id=\"comment\" name=\"comment\" maxlength=\"1000\"></div>")
                .append(hidden("reviewed", review.fingerprint())).append(extra == null ? "" : extra)
                .append("<button type=\"submit\" name=\"action\" value=\"").append(Html.escape(action)).append("\">Save as version ")
                .append(review.basedOn() + 1).append("</button></section>\n");
    }

    // ------------------------------------------------------------------ page types

    private String categoryLabel(String id) {
        if (policy != null && policy.category(id) != null) {
            String label = policy.texts(null, policy.defaultLocale()).get("category." + id + ".label");
            if (label != null && !label.isEmpty()) {
                return label;
            }
        }
        String bundled = BundledTexts.of("en").get("category." + id + ".label");
        return bundled != null ? bundled : id;
    }

    private static String pageTypeLabel(String id) {
        return switch (id) {
            case "registration" -> "Registration page";
            case "waiting-room" -> "Waiting room";
            case "thank-you" -> "Thank-you page";
            case "profile" -> "Organizer profile page";
            case "login" -> "Login page";
            default -> "Page type “" + id + "”";
        };
    }

    private void pagesForm(StringBuilder h, SettingsForms.PagesForm form, Errors e) {
        h.append("<p class=\"meta\">Which categories attendees are asked about on each kind of page, and how the banner looks there. ")
                .append("A category not offered on a page is refused there, whatever the visitor chose elsewhere. Necessary cookies are ")
                .append("always on.</p>");
        List<String> categories = SettingsForms.categoryIds(effective).stream().filter(c -> !Category.NECESSARY.equals(c)).toList();
        List<SettingsForms.PageRow> rows = form.rows();
        for (int n = 0; n < rows.size(); n++) {
            SettingsForms.PageRow row = rows.get(n);
            String id = "pt-" + n;
            h.append("<fieldset class=\"card page\" id=\"").append(id).append("\"><legend>").append(Html.escape(pageTypeLabel(row.id())))
                    .append(" <code>").append(Html.escape(row.id())).append("</code></legend>")
                    .append(hidden("pt." + n + ".id", row.id())).append(e.messages(id))
                    .append("<p class=\"meta\">Pages: ").append(Html.escape(String.join(", ", row.paths()))).append("</p>");
            h.append("<fieldset id=\"").append(id).append("-offers\" tabindex=\"-1\"").append(e.groupAttributes(id + "-offers"))
                    .append("><legend>Categories offered</legend>").append(e.messages(id + "-offers")).append("<div class=\"checks\">");
            for (String c : categories) {
                String field = id + "-offer-" + c;
                h.append("<div class=\"check\"><input type=\"checkbox\" id=\"").append(Html.escape(field)).append("\" name=\"pt.").append(n)
                        .append(".offer.").append(Html.escape(c)).append("\" value=\"on\"").append(row.offers().contains(c) ? " checked" : "")
                        .append("><label for=\"").append(Html.escape(field)).append("\">").append(Html.escape(categoryLabel(c)))
                        .append(" <span class=\"meta\">(").append(Html.escape(c)).append(")</span></label></div>");
            }
            h.append("</div></fieldset>");
            h.append("<fieldset id=\"").append(id).append("-layout\" tabindex=\"-1\"").append(e.groupAttributes(id + "-layout"))
                    .append("><legend>Banner layout</legend>").append(e.messages(id + "-layout")).append("<div class=\"checks\">");
            for (Layout l : Layout.values()) {
                String field = id + "-layout-" + l.id();
                h.append("<div class=\"check\"><input type=\"radio\" id=\"").append(field).append("\" name=\"pt.").append(n)
                        .append(".layout\" value=\"").append(l.id()).append("\"").append(l.id().equals(row.layout()) ? " checked" : "")
                        .append("><label for=\"").append(field).append("\">").append(Html.escape(LAYOUTS.get(l.id()))).append("</label></div>");
            }
            h.append("</div></fieldset></fieldset>\n");
        }
    }

    // ------------------------------------------------------------------ texts

    private List<String> locales() {
        Set<String> locales = new TreeSet<>(policy != null ? policy.locales() : BundledTexts.locales());
        effective.path("texts").fieldNames().forEachRemaining(locales::add);
        return List.copyOf(locales);
    }

    private void textScopePicker(StringBuilder h, SettingsForms.TextsForm form) {
        h.append("<form class=\"card scope\" method=\"get\" action=\"").append(Html.escape(settingsBase() + screen.path)).append("\">")
                .append(hidden("tenant", ctx.tenant()))
                .append("<div class=\"field\"><label for=\"scope\">Texts of</label><select id=\"scope\" name=\"scope\">")
                .append("<option value=\"\"").append(form.scope().isEmpty() ? " selected" : "").append(">All pages</option>");
        for (JsonNode p : effective.path("pageTypes")) {
            String id = p.path("id").asText();
            h.append("<option value=\"").append(Html.escape(id)).append("\"").append(id.equals(form.scope()) ? " selected" : "")
                    .append(">").append(Html.escape(pageTypeLabel(id))).append(" only</option>");
        }
        h.append("</select></div><div class=\"field\"><label for=\"locale\">Language</label><select id=\"locale\" name=\"locale\">");
        for (String l : locales()) {
            h.append("<option value=\"").append(Html.escape(l)).append("\"").append(l.equals(form.locale()) ? " selected" : "").append(">")
                    .append(Html.escape(languageName(l))).append(" (").append(Html.escape(l)).append(")</option>");
        }
        h.append("</select></div><button type=\"submit\">Show these texts</button></form>\n");
    }

    private static String languageName(String tag) {
        String name = Locale.forLanguageTag(tag).getDisplayName(Locale.ENGLISH);
        return name.isEmpty() ? tag : name;
    }

    /** What a text shows when the form leaves it empty. */
    private String defaultText(SettingsForms.TextsForm form, String key) {
        if (!form.scope().isEmpty() && policy != null) {
            return policy.texts(null, form.locale()).get(key); // the text of all pages
        }
        String bundled = BundledTexts.of(form.locale()).get(key);
        if (bundled == null && policy != null) {
            bundled = policy.texts(null, policy.defaultLocale()).get(key);
        }
        return bundled;
    }

    private void textsForm(StringBuilder h, SettingsForms.TextsForm form, Errors e) {
        h.append(hidden("scope", form.scope())).append(hidden("locale", form.locale()));
        h.append("<p class=\"meta\">").append(form.scope().isEmpty()
                        ? "The texts of every page, in " + languageName(form.locale()) + ". "
                        : "The texts of the " + pageTypeLabel(form.scope()).toLowerCase(Locale.ROOT) + " only, over those of all pages, in "
                        + languageName(form.locale()) + ". ")
                .append("Leave a field empty to use the default shown in grey: ")
                .append(form.scope().isEmpty() ? "the text ConsentKit ships in 26 languages." : "the text of all pages.").append("</p>");
        h.append("<div id=\"texts\" tabindex=\"-1\"></div>");
        List<String> keys = SettingsForms.textKeys(effective);
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String key : keys) {
            String group = key.startsWith("category.") ? "Categories" : key.startsWith("kind.") || key.startsWith("col")
                    || key.startsWith("declaration") ? "Cookie declaration" : Set.of("placeholder", "loadOnce", "alwaysAllow").contains(key)
                    ? "Embedded content" : key.startsWith("preferences") || key.equals("alwaysOn") || key.equals("save") ? "Preferences"
                    : "Banner";
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(key);
        }
        Set<String> shownCategories = new LinkedHashSet<>(SettingsForms.categoryIds(effective));
        groups.forEach((group, groupKeys) -> {
            h.append("<fieldset class=\"card\"><legend>").append(Html.escape(group)).append("</legend>");
            for (String key : groupKeys) {
                if (key.startsWith("category.") && !shownCategories.contains(key.split("\\.")[1])) {
                    continue;
                }
                String id = "text-" + keys.indexOf(key);
                String value = form.values().get(key);
                String placeholder = defaultText(form, key);
                boolean longText = LONG_TEXTS.contains(key) || key.endsWith(".description");
                h.append("<div class=\"field\"><label for=\"").append(id).append("\">").append(Html.escape(keyLabel(key)))
                        .append(" <code>").append(Html.escape(key)).append("</code></label>");
                if (longText) {
                    h.append("<textarea id=\"").append(id).append("\" name=\"t.").append(Html.escape(key)).append("\" rows=\"3\" lang=\"")
                            .append(Html.escape(form.locale())).append("\"")
                            .append(placeholder == null ? "" : " placeholder=\"" + Html.escape(placeholder) + "\"").append(e.attributes(id))
                            .append(">").append(Html.escape(value == null ? "" : value)).append("</textarea>");
                } else {
                    h.append("<input id=\"").append(id).append("\" name=\"t.").append(Html.escape(key)).append("\" lang=\"")
                            .append(Html.escape(form.locale())).append("\" value=\"").append(Html.escape(value == null ? "" : value)).append("\"")
                            .append(placeholder == null ? "" : " placeholder=\"" + Html.escape(placeholder) + "\"").append(e.attributes(id)).append(">");
                }
                h.append(e.messages(id)).append("</div>");
            }
            h.append("</fieldset>\n");
        });
    }

    private String keyLabel(String key) {
        if (key.startsWith("category.")) {
            String[] parts = key.split("\\.");
            return categoryLabel(parts[1]) + ": " + ("label".equals(parts[2]) ? "name" : "description");
        }
        if (key.startsWith("kind.")) {
            return "Type name: " + key.substring(5);
        }
        return KEY_LABELS.getOrDefault(key, key);
    }

    // ------------------------------------------------------------------ regions

    private static String regionName(String key) {
        return switch (key) {
            case "EEA" -> "European Economic Area (EEA)";
            case "EU" -> "European Union (EU)";
            case "UK" -> "United Kingdom (UK)";
            case "other" -> "Every other known country";
            case "unknown" -> "Unknown region (no country header)";
            default -> {
                String name = key.length() == 2 ? new Locale("", key).getDisplayCountry(Locale.ENGLISH) : "";
                yield name.isEmpty() || name.equals(key) ? key : name + " (" + key + ")";
            }
        };
    }

    private String builtIn(String key) {
        return switch (key) {
            case "EEA", "EU", "UK", "CH", "other" -> "opt-in";
            case "unknown" -> "the strictest configured";
            default -> "as every other country";
        };
    }

    private void regionsForm(StringBuilder h, SettingsForms.RegionsForm form, Errors e) {
        h.append("<p class=\"meta\">Which rules apply to visitors from each region; a country overrides its group. The region comes from ")
                .append("the country header your CDN sets (").append(Html.escape(options.regionHeader())).append(").</p>");
        h.append("<div id=\"regions\" tabindex=\"-1\"></div><table class=\"regions\"><caption class=\"sr\">Regime by region</caption>")
                .append("<thead><tr><th scope=\"col\">Region</th><th scope=\"col\">Regime</th></tr></thead><tbody>");
        List<SettingsForms.RegionRow> rows = form.rows();
        for (int n = 0; n < rows.size(); n++) {
            SettingsForms.RegionRow row = rows.get(n);
            String id = "r-" + n + "-regime";
            h.append("<tr><th scope=\"row\"><label for=\"").append(id).append("\">").append(Html.escape(regionName(row.key())))
                    .append("</label>").append(hidden("r." + n + ".key", row.key())).append("</th><td>")
                    .append(regimeSelect(id, "r." + n + ".regime", row.regime(), "Built-in default (" + builtIn(row.key()) + ")", e))
                    .append(e.messages(id)).append("</td></tr>");
        }
        h.append("</tbody></table><fieldset class=\"card\" id=\"r-new\"><legend>Add a country or group</legend><div class=\"row\">")
                .append("<div class=\"field\"><label for=\"r-new-key\">Country code (such as BR) or group (EEA, EU, UK)</label>")
                .append("<input id=\"r-new-key\" name=\"r.new.key\" maxlength=\"10\" autocomplete=\"off\" value=\"")
                .append(Html.escape(form.newKey())).append("\"").append(e.attributes("r-new-key")).append(">").append(e.messages("r-new-key"))
                .append("</div><div class=\"field\"><label for=\"r-new-regime\">Regime</label>")
                .append(regimeSelect("r-new-regime", "r.new.regime", form.newRegime(), "Choose…", e)).append(e.messages("r-new-regime"))
                .append("</div></div></fieldset>");
    }

    private static String regimeSelect(String id, String name, String value, String empty, Errors e) {
        StringBuilder sb = new StringBuilder("<select id=\"").append(id).append("\" name=\"").append(Html.escape(name)).append("\"")
                .append(e.attributes(id)).append("><option value=\"\"").append(value.isEmpty() ? " selected" : "").append(">")
                .append(Html.escape(empty)).append("</option>");
        for (Regime r : Regime.values()) {
            sb.append("<option value=\"").append(r.id()).append("\"").append(r.id().equals(value) ? " selected" : "").append(">")
                    .append(Html.escape(REGIMES.get(r.id()))).append("</option>");
        }
        return sb.append("</select>").toString();
    }

    // ------------------------------------------------------------------ declarations

    private void declarationsForm(StringBuilder h, SettingsForms.DeclarationsForm form, Errors e) {
        h.append("<p class=\"meta\">What each category covers, as published in the cookie declaration. Move one to another category ")
                .append("with its Category field. Purposes are in ").append(Html.escape(languageName(effective.path("defaultLocale").asText("en"))))
                .append(", the default language.</p>");
        List<SettingsForms.DeclarationRow> rows = form.allRows();
        List<String> categories = SettingsForms.categoryIds(effective);
        Set<String> shown = new LinkedHashSet<>(categories);
        for (SettingsForms.DeclarationRow row : rows) {
            shown.add(row.category());
        }
        for (String c : shown) {
            h.append("<section class=\"card\" aria-labelledby=\"cat-").append(Html.escape(c)).append("\"><h2 id=\"cat-").append(Html.escape(c))
                    .append("\">").append(Html.escape(categoryLabel(c))).append(" <code>").append(Html.escape(c)).append("</code></h2>");
            boolean any = false;
            for (int n = 0; n < rows.size(); n++) {
                SettingsForms.DeclarationRow row = rows.get(n);
                if (!row.category().equals(c)) {
                    continue;
                }
                any = true;
                String id = "d-" + n;
                boolean open = row.isNew() || e.anyStartingWith(id);
                h.append("<details class=\"decl\" id=\"").append(id).append("\"").append(open ? " open" : "").append("><summary>")
                        .append(Html.escape(kindLabel(row.kind()))).append(" <code>").append(Html.escape(row.name())).append("</code>")
                        .append(row.match().equals("exact") ? "" : " <span class=\"meta\">(" + Html.escape(row.match()) + ")</span>")
                        .append(row.provider().isEmpty() ? "" : " · " + Html.escape(row.provider()))
                        .append(row.delete() ? " <strong>(to be deleted)</strong>" : row.isNew() ? " <strong>(new)</strong>" : "")
                        .append(e.anyStartingWith(id) ? " <strong class=\"bad\">(has problems)</strong>" : "").append("</summary>")
                        .append("<fieldset><legend class=\"sr\">").append(Html.escape(kindLabel(row.kind()) + " " + row.name())).append("</legend>")
                        .append(hidden("d." + n + ".orig", row.original())).append(e.messages(id));
                declarationFields(h, "d." + n + ".", id, row, categories, e);
                h.append("<div class=\"check\"><input type=\"checkbox\" id=\"").append(id).append("-delete\" name=\"d.").append(n)
                        .append(".delete\" value=\"on\"").append(row.delete() ? " checked" : "").append("><label for=\"").append(id)
                        .append("-delete\">Delete this declaration</label></div></fieldset></details>");
            }
            if (!any) {
                h.append("<p class=\"meta\">Nothing declared.</p>");
            }
            h.append("</section>\n");
        }
        h.append("<fieldset class=\"card\" id=\"new\"><legend>Declare something new</legend>");
        declarationFields(h, "new.", "new", SettingsForms.DeclarationsForm.EMPTY, categories, e);
        h.append("</fieldset>");
    }

    private void declarationFields(StringBuilder h, String name, String id, SettingsForms.DeclarationRow row, List<String> categories, Errors e) {
        h.append("<div class=\"grid-fields\">");
        select(h, name + "category", id + "-category", "Category", categories.stream().map(c -> new String[] {c, categoryLabel(c) + " (" + c + ")"})
                .toList(), row.category().isEmpty() ? firstOptional(categories) : row.category(), e);
        List<String[]> kinds = new ArrayList<>();
        for (DeclarationKind k : DeclarationKind.values()) {
            kinds.add(new String[] {k.id(), kindLabel(k.id())});
        }
        select(h, name + "kind", id + "-kind", "Kind", kinds, row.kind(), e);
        input(h, name + "name", id + "-name", "Name (cookie, key, database, or script or iframe address)", row.name(), 512, e);
        List<String[]> matches = new ArrayList<>();
        for (MatchType m : MatchType.values()) {
            matches.add(new String[] {m.id(), switch (m) {
                case EXACT -> "exactly this name";
                case PREFIX -> "names starting with it";
                case REGEX -> "a regular expression";
            }});
        }
        select(h, name + "match", id + "-match", "Matches", matches, row.match(), e);
        input(h, name + "provider", id + "-provider", "Provider", row.provider(), 200, e);
        input(h, name + "retention", id + "-retention", "Retention", row.retention(), 100, e);
        h.append("</div><div class=\"field\"><label for=\"").append(id).append("-purpose\">Purpose</label><textarea id=\"").append(id)
                .append("-purpose\" name=\"").append(Html.escape(name)).append("purpose\" rows=\"2\" maxlength=\"4000\"")
                .append(e.attributes(id + "-purpose")).append(">").append(Html.escape(row.purpose())).append("</textarea>")
                .append(e.messages(id + "-purpose")).append("</div>");
    }

    private static String firstOptional(List<String> categories) {
        return categories.stream().filter(c -> !Category.NECESSARY.equals(c)).findFirst().orElse(categories.isEmpty() ? "" : categories.get(0));
    }

    private static void input(StringBuilder h, String name, String id, String label, String value, int max, Errors e) {
        h.append("<div class=\"field\"><label for=\"").append(id).append("\">").append(Html.escape(label)).append("</label><input id=\"")
                .append(id).append("\" name=\"").append(Html.escape(name)).append("\" maxlength=\"").append(max).append("\" value=\"")
                .append(Html.escape(value)).append("\"").append(e.attributes(id)).append(">").append(e.messages(id)).append("</div>");
    }

    private static void select(StringBuilder h, String name, String id, String label, List<String[]> options, String value, Errors e) {
        h.append("<div class=\"field\"><label for=\"").append(id).append("\">").append(Html.escape(label)).append("</label><select id=\"")
                .append(id).append("\" name=\"").append(Html.escape(name)).append("\"").append(e.attributes(id)).append(">");
        boolean found = false;
        for (String[] o : options) {
            boolean selected = o[0].equals(value);
            found |= selected;
            h.append("<option value=\"").append(Html.escape(o[0])).append("\"").append(selected ? " selected" : "").append(">")
                    .append(Html.escape(o[1])).append("</option>");
        }
        if (!found && !value.isEmpty()) {
            h.append("<option value=\"").append(Html.escape(value)).append("\" selected>").append(Html.escape(value)).append("</option>");
        }
        h.append("</select>").append(e.messages(id)).append("</div>");
    }

    private static String kindLabel(String kind) {
        String label = BundledTexts.of("en").get("kind." + kind);
        return label == null ? kind : label;
    }

    private void undeclaredNames(StringBuilder h) {
        List<UndeclaredNames.Sighting> sightings = undeclared.sightings(ctx.tenant());
        h.append("<section class=\"card\" id=\"undeclared\" aria-labelledby=\"undeclared-title\"><h2 id=\"undeclared-title\">")
                .append("Seen on your pages, not declared</h2>");
        if (sightings.isEmpty()) {
            h.append("<p class=\"ok\">Nothing undeclared seen since the server started.</p></section>\n");
            return;
        }
        h.append("<p class=\"meta\">Cookies, storage keys, scripts and embeds the server or attendees' browsers met that no declaration ")
                .append("covers. ").append(policy != null && "allow".equals(policy.undeclaredPolicy().id()) ? "They are allowed"
                        : "They are blocked").append(" until declared. Declaring one shows the change for review; add its provider, ")
                .append("purpose and retention there before saving.</p><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Kind</th>")
                .append("<th scope=\"col\">Name</th><th scope=\"col\">Seen</th><th scope=\"col\">Declare it as</th></tr></thead><tbody>");
        List<String> categories = SettingsForms.categoryIds(effective);
        int i = 0;
        for (UndeclaredNames.Sighting s : sightings) {
            String id = "u-" + i++;
            h.append("<tr><td>").append(Html.escape(kindLabel(s.kind().id()))).append("</td><td><code>").append(Html.escape(s.name()))
                    .append("</code></td><td>").append(s.count()).append(s.count() == 1 ? " time" : " times")
                    .append(s.page() == null ? "" : ", first on " + Html.escape(s.page())).append("</td><td>")
                    .append("<form class=\"inline\" method=\"post\" action=\"").append(Html.escape(settingsBase() + SettingsEndpoint.Screen.DECLARATIONS.path))
                    .append("\" accept-charset=\"UTF-8\">").append(hidden("csrf", ctx.csrf())).append(hidden("tenant", ctx.tenant()))
                    .append(hidden("action", "review")).append(hidden("new.kind", s.kind().id())).append(hidden("new.name", s.name()))
                    .append(hidden("new.match", "exact")).append("<label class=\"sr\" for=\"").append(id).append("\">Category for ")
                    .append(Html.escape(s.name())).append("</label><select id=\"").append(id).append("\" name=\"new.category\">");
            String first = firstOptional(categories);
            for (String c : categories) {
                h.append("<option value=\"").append(Html.escape(c)).append("\"").append(c.equals(first) ? " selected" : "").append(">")
                        .append(Html.escape(categoryLabel(c))).append("</option>");
            }
            h.append("</select><button type=\"submit\">Declare</button></form></td></tr>");
        }
        h.append("</tbody></table></div></section>\n");
    }

    // ------------------------------------------------------------------ preview

    private void previewPanel(StringBuilder h, SettingsForms.Form form) {
        String pageType = null;
        String locale = policy != null ? policy.defaultLocale() : "en";
        if (form instanceof SettingsForms.TextsForm texts) {
            pageType = texts.scope().isEmpty() ? null : texts.scope();
            locale = texts.locale();
        }
        List<String> pageTypes = new ArrayList<>();
        effective.path("pageTypes").forEach(p -> pageTypes.add(p.path("id").asText()));
        if (pageType == null && !pageTypes.isEmpty()) {
            pageType = pageTypes.contains("registration") ? "registration" : pageTypes.get(0);
        }
        String regime = Regime.OPT_IN.id();
        String src = settingsBase() + "/preview?" + tenantQuery() + "&pageType=" + URLEncoder.encode(pageType == null ? "" : pageType,
                StandardCharsets.UTF_8) + "&locale=" + URLEncoder.encode(locale, StandardCharsets.UTF_8) + "&regime=" + regime;
        h.append("<aside class=\"card preview\" aria-labelledby=\"preview-title\"><h2 id=\"preview-title\">Live preview</h2>")
                .append("<p class=\"meta\">The real banner, drawn by the same script attendees get. Choices made in it are not ")
                .append("recorded and set no cookie.</p><div class=\"preview-controls\">");
        h.append("<div class=\"field\"><label for=\"pv-page\">Page type</label><select id=\"pv-page\" name=\"preview.pageType\" form=\"settings-form\">");
        for (String id : pageTypes) {
            h.append("<option value=\"").append(Html.escape(id)).append("\"").append(id.equals(pageType) ? " selected" : "").append(">")
                    .append(Html.escape(pageTypeLabel(id))).append("</option>");
        }
        h.append("</select></div><div class=\"field\"><label for=\"pv-locale\">Language</label><select id=\"pv-locale\" name=\"preview.locale\" form=\"settings-form\">");
        for (String l : locales()) {
            h.append("<option value=\"").append(Html.escape(l)).append("\"").append(l.equals(locale) ? " selected" : "").append(">")
                    .append(Html.escape(languageName(l))).append("</option>");
        }
        h.append("</select></div><div class=\"field\"><label for=\"pv-regime\">Visitor's regime</label><select id=\"pv-regime\" name=\"preview.regime\" form=\"settings-form\">");
        for (Regime r : Regime.values()) {
            h.append("<option value=\"").append(r.id()).append("\"").append(r.id().equals(regime) ? " selected" : "").append(">")
                    .append(Html.escape(r.id())).append("</option>");
        }
        h.append("</select></div><button type=\"submit\" form=\"settings-form\" name=\"action\" value=\"preview\" formaction=\"")
                .append(Html.escape(settingsBase() + "/preview")).append("\" formtarget=\"ck-preview\">Show my changes</button></div>")
                .append(hidden("screen", screen.path.substring(1)).replace("<input", "<input form=\"settings-form\""))
                .append("<iframe name=\"ck-preview\" title=\"Preview of the consent banner\" src=\"").append(Html.escape(src))
                .append("\" sandbox=\"allow-scripts allow-same-origin\"></iframe></aside>\n");
    }

    // ------------------------------------------------------------------ history

    String history(List<SettingsVersion> versions, Comparison comparison, Rollback rollback, SettingsReview importReview, String importText) {
        StringBuilder h = new StringBuilder(32 * 1024);
        open(h);
        if (rollback != null) {
            h.append("<form class=\"card\" method=\"post\" action=\"").append(Html.escape(settingsBase() + screen.path))
                    .append("\" accept-charset=\"UTF-8\">").append(hidden("csrf", ctx.csrf())).append(hidden("tenant", ctx.tenant()))
                    .append("<p><strong>Going back to ").append(rollback.version() == 0 ? "the configuration files alone"
                            : "version " + rollback.version()).append("</strong> saves its configuration as a new version.</p>");
            reviewPanel(h, rollback.review(), null, "rollback", hidden("version", Integer.toString(rollback.version())));
            h.append("</form>\n");
        }
        h.append("<section class=\"card\" aria-labelledby=\"versions-title\"><h2 id=\"versions-title\">Versions</h2>")
                .append("<div class=\"scroll\"><table><caption class=\"sr\">Saved versions, newest first</caption><thead><tr>")
                .append("<th scope=\"col\">Version</th><th scope=\"col\">Saved (UTC)</th><th scope=\"col\">By</th><th scope=\"col\">Note</th>")
                .append("<th scope=\"col\">Revision</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
        int current = snapshot.versionNumber();
        for (int i = 0; i < versions.size(); i++) {
            SettingsVersion v = versions.get(i);
            int previousBumps = i + 1 < versions.size() ? versions.get(i + 1).revisionBumps() : 0;
            h.append("<tr><th scope=\"row\">").append(v.version()).append(v.version() == current ? " <span class=\"meta\">(in force)</span>" : "")
                    .append("</th><td>").append(TIME.format(v.savedAt())).append("</td><td>").append(Html.escape(v.author())).append("</td><td>")
                    .append(Html.escape(v.comment())).append("</td><td>").append(v.revision())
                    .append(v.revisionBumps() > previousBumps ? " <span class=\"meta\">(asked again)</span>" : "").append("</td><td class=\"links\">")
                    .append(link("?" + tenantQuery() + "&from=" + (v.version() - 1) + "&to=" + v.version() + "#compare", "Changes"))
                    .append(link("/export?" + tenantQuery() + "&version=" + v.version(), "Export JSON"));
            if (v.version() != current) {
                h.append(link("?" + tenantQuery() + "&rollback=" + v.version() + "#review", "Go back to this version"));
            }
            h.append("</td></tr>");
        }
        h.append("<tr><th scope=\"row\">0</th><td colspan=\"4\">The configuration files alone</td><td class=\"links\">")
                .append(link("/export?" + tenantQuery() + "&version=0", "Export JSON"))
                .append(current == 0 ? "" : link("?" + tenantQuery() + "&rollback=0#review", "Go back to the files")).append("</td></tr>")
                .append("</tbody></table></div></section>\n");
        compare(h, versions, comparison);
        importSection(h, importReview, importText);
        return close(h);
    }

    private String link(String suffix, String text) {
        String url = suffix.startsWith("/") ? settingsBase() + suffix : settingsBase() + screen.path + suffix;
        return "<a href=\"" + Html.escape(url) + "\">" + Html.escape(text) + "</a> ";
    }

    private void compare(StringBuilder h, List<SettingsVersion> versions, Comparison comparison) {
        h.append("<section class=\"card\" id=\"compare\" aria-labelledby=\"compare-title\"><h2 id=\"compare-title\">Compare versions</h2>")
                .append("<form class=\"inline\" method=\"get\" action=\"").append(Html.escape(settingsBase() + screen.path)).append("#compare\">")
                .append(hidden("tenant", ctx.tenant()));
        for (String which : List.of("from", "to")) {
            int selected = comparison != null ? (which.equals("from") ? comparison.from() : comparison.to())
                    : which.equals("from") ? Math.max(0, snapshot.versionNumber() - 1) : snapshot.versionNumber();
            h.append("<label for=\"cmp-").append(which).append("\">").append(which.equals("from") ? "From" : "to").append("</label><select id=\"cmp-")
                    .append(which).append("\" name=\"").append(which).append("\">");
            for (SettingsVersion v : versions) {
                h.append("<option value=\"").append(v.version()).append("\"").append(v.version() == selected ? " selected" : "").append(">version ")
                        .append(v.version()).append("</option>");
            }
            h.append("<option value=\"0\"").append(selected == 0 ? " selected" : "").append(">the files alone</option></select>");
        }
        h.append("<button type=\"submit\">Compare</button></form>");
        if (comparison != null) {
            h.append("<h3>From ").append(comparison.from() == 0 ? "the files" : "version " + comparison.from()).append(" to ")
                    .append(comparison.to() == 0 ? "the files" : "version " + comparison.to()).append("</h3>");
            if (comparison.changes().isEmpty()) {
                h.append("<p>No difference.</p>");
            } else {
                h.append("<ul class=\"changes\">");
                for (ConfigurationDiff.Change c : comparison.changes()) {
                    h.append("<li><strong>").append(Html.escape(c.subject())).append("</strong>: ").append(Html.escape(c.text())).append("</li>");
                }
                h.append("</ul>");
            }
        }
        h.append("</section>\n");
    }

    private void importSection(StringBuilder h, SettingsReview review, String text) {
        h.append("<section class=\"card\" id=\"import\" aria-labelledby=\"import-title\"><h2 id=\"import-title\">Import a JSON file</h2>")
                .append("<p class=\"meta\">").append(Policy.DEFAULT_TENANT.equals(ctx.tenant()) ? "A whole platform configuration"
                        : "A file like <code>" + Html.escape(ctx.tenant()) + ".json</code>, laid over the platform default (an export of this screen is one)")
                .append(". Only what this screen edits may differ from the files; the revision is managed here.</p>")
                .append("<form method=\"post\" action=\"").append(Html.escape(settingsBase() + screen.path)).append("\" accept-charset=\"UTF-8\">")
                .append(hidden("csrf", ctx.csrf())).append(hidden("tenant", ctx.tenant()));
        if (review != null) {
            reviewPanel(h, review, null, "import-save", null);
        }
        h.append("<div class=\"field\"><label for=\"document\">JSON document</label><textarea id=\"document\" name=\"document\" rows=\"10\" ")
                .append("spellcheck=\"false\" class=\"code\">").append(Html.escape(text == null ? "" : text)).append("</textarea></div>")
                .append("<button type=\"submit\" name=\"action\" value=\"import\">Review the import</button></form></section>\n");
    }

    private static final String STYLE = ""
            + ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.4rem;z-index:2}"
            + ".tabs ul{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;padding:0;margin:.8rem auto 0}"
            + ".tabs a{display:block;padding:.4rem .8rem;border-radius:8px;text-decoration:none;border:1px solid var(--line);background:var(--card)}"
            + ".tabs a[aria-current=page]{background:var(--accent);color:#fff;border-color:var(--accent);font-weight:600}"
            + "h1 small{font-size:1rem;font-weight:400;color:var(--muted)}"
            + ".with-preview{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,30rem);gap:1.25rem;align-items:start}"
            + "@media (max-width:70rem){.with-preview{grid-template-columns:minmax(0,1fr)}}"
            + ".preview{position:sticky;top:1rem}.preview iframe{width:100%;height:34rem;border:1px solid var(--line);border-radius:8px;background:#fff}"
            + ".preview-controls{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0}"
            + "fieldset{border:1px solid var(--line);border-radius:10px;padding:.6rem .9rem;margin:0 0 .8rem}legend{font-weight:600;padding:0 .3rem}"
            + "fieldset.card{padding:1rem 1.2rem}fieldset fieldset{margin:.5rem 0}"
            + ".checks{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}.check{display:flex;align-items:center;gap:.4rem;min-height:2rem}"
            + ".check input{width:1.15rem;height:1.15rem;margin:0}"
            + ".field{display:flex;flex-direction:column;gap:.2rem;margin:.4rem 0}.field label{font-weight:600;font-size:.9rem}"
            + ".field input,.field textarea,.field select{width:100%}textarea{font:inherit;padding:.35rem .55rem;border-radius:6px;"
            + "border:1px solid var(--line);background:var(--card);color:var(--text)}textarea.code{font-family:ui-monospace,monospace;font-size:.85rem}"
            + "::placeholder{color:var(--muted);opacity:1}"
            + ".grid-fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(14rem,100%),1fr));gap:0 .8rem}"
            + ".row{display:flex;flex-wrap:wrap;gap:1rem}.row .field{flex:1;min-width:14rem}"
            + "details.decl{border:1px solid var(--line);border-radius:8px;padding:.3rem .7rem;margin:.35rem 0}"
            + "details.decl summary{color:var(--text);font-size:.95rem;padding:.2rem 0}details.decl fieldset{border:0;padding:0;margin:.3rem 0}"
            + ".actions{display:flex;flex-wrap:wrap;gap:.8rem;align-items:center;margin:1rem 0}"
            + ".errors{border:3px solid #b91c1c;border-radius:10px;padding:.6rem 1rem;margin:0 0 1rem;background:var(--card)}"
            + ".errors h2{color:#b91c1c}.error{color:#b91c1c;font-weight:600;margin:.2rem 0}.bad{color:#b91c1c}"
            + "@media (prefers-color-scheme:dark){.errors h2,.error,.bad{color:#fca5a5}.errors{border-color:#fca5a5}}"
            + "[aria-invalid=true],fieldset[aria-describedby]{border:2px solid #b91c1c}"
            + ".review{border:3px solid var(--accent);border-radius:10px;padding:.8rem 1.1rem;margin:0 0 1rem;background:var(--card)}"
            + ".impact{border-radius:8px;padding:.4rem .8rem;margin:.6rem 0}.impact p{margin:.3rem 0}"
            + ".impact.ask{background:#fff4e5;color:#7a3a00}.impact.keep{background:#e8f5ec;color:#14532d}"
            + ".warning{font-weight:600;color:#7a3a00}@media (prefers-color-scheme:dark){.warning{color:#fdba74}}"
            + ".changes li{margin:.2rem 0}.path{color:var(--muted);font-size:.8em}"
            + ".facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(16rem,100%),1fr));gap:.6rem}"
            + ".facts div{border:1px solid var(--line);border-radius:8px;padding:.5rem .7rem}.facts dt{color:var(--muted);font-size:.85rem}.facts dd{margin:0}"
            + ".sections li{margin:.35rem 0}.scope{display:flex;flex-wrap:wrap;gap:.8rem;align-items:end}.scope .field{min-width:14rem}"
            + "table.regions select{min-width:18rem}.links a{white-space:nowrap;margin-right:.6rem}";
}
