package dev.consentkit.servlet.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the forms of a server-rendered page as a browser would send them. */
public final class HtmlForms {

    private HtmlForms() {
    }

    /** The CSRF token of the page's forms. */
    public static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no form with a CSRF token on the page");
        }
        return m.group(1);
    }

    /** The fingerprint of the review on the page, which a save must carry. */
    public static String reviewed(String html) {
        Matcher m = Pattern.compile("name=\"reviewed\" value=\"([0-9a-f]{16})\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no review to confirm on the page");
        }
        return m.group(1);
    }

    /**
     * The named fields of every form on a page, as they would be sent: inputs (checked boxes and
     * radios only), the selected option of each select, textareas; without the CSRF token, the
     * tenant, the action and the "new" fields.
     */
    public static Map<String, String> fields(String html) {
        Map<String, String> form = new LinkedHashMap<>();
        Matcher inputs = Pattern.compile("<input ([^>]*)>").matcher(html);
        while (inputs.find()) {
            String attrs = inputs.group(1);
            String name = attr(attrs, "name");
            if (name == null || name.equals("csrf") || name.equals("tenant") || name.startsWith("new.") || name.equals("action")) {
                continue;
            }
            if ((attrs.contains("type=\"checkbox\"") || attrs.contains("type=\"radio\"")) && !attrs.contains(" checked")) {
                continue;
            }
            form.put(name, unescape(attr(attrs, "value")));
        }
        Matcher selects = Pattern.compile("<select id=\"[^\"]*\" name=\"([^\"]+)\"[^>]*>(.*?)</select>", Pattern.DOTALL).matcher(html);
        while (selects.find()) {
            Matcher selected = Pattern.compile("<option value=\"([^\"]*)\" selected>").matcher(selects.group(2));
            if (selected.find() && !selects.group(1).startsWith("new.")) {
                form.put(selects.group(1), unescape(selected.group(1)));
            }
        }
        Matcher areas = Pattern.compile("<textarea id=\"[^\"]*\" name=\"([^\"]+)\"[^>]*>(.*?)</textarea>", Pattern.DOTALL).matcher(html);
        while (areas.find()) {
            if (!areas.group(1).startsWith("new.")) {
                form.put(areas.group(1), unescape(areas.group(2)));
            }
        }
        return form;
    }

    private static String attr(String attrs, String name) {
        Matcher m = Pattern.compile("(?:^| )" + name + "=\"([^\"]*)\"").matcher(attrs);
        return m.find() ? m.group(1) : null;
    }

    private static String unescape(String s) {
        return s == null ? "" : s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&#96;", "`").replace("&amp;", "&");
    }
}
