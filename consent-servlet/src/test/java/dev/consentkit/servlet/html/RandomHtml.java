package dev.consentkit.servlet.html;

import java.util.Random;

/**
 * Random HTML from a small grammar that favours what the rewriter must get right: script,
 * iframe and link tags with every kind of attribute, quoting, entity and spacing; comments and
 * raw text with fake tags inside; and junk.
 */
final class RandomHtml {

    private static final String[] TAGS = {"script", "SCRIPT", "Script", "iframe", "IFRAME", "link", "head", "HEAD",
        "body", "html", "style", "meta", "title", "textarea", "div", "p", "a", "img", "svg", "math", "desc",
        "foreignObject", "noscript", "template", "xmp", "noembed", "noframes", "header", "scripts", "b", "mi"};
    private static final String[] ATTRIBUTES = {"src", "SRC", "Src", "data-src", "DATA-SRC", "type", "TYPE", "data-type",
        "data-consent", "Data-Consent", "srcdoc", "data-srcdoc", "rel", "href", "HREF", "data-href", "class", "id",
        "async", "defer", "=x", "a\"b", "x'", "<q", "data-consent-overflow", "title", "as"};
    private static final String[] URLS = {"https://analytics.example/a.js", "https://ads.example/m.js?x=1&y=2",
        "https://video.example/embed/1", "https://cdn.example/necessary/n.js", "/app.js", "about:blank", "",
        "https&#x3A;&#x2F;&#x2F;analytics.example&#47;a.js", "https:&sol;&sol;ads.example/x.js&amp;z",
        " https://analytics.example/b.js\n", "https://analy\ntics.example/c.js", "https://ads.example/é.js",
        "https://video.example/&#x65;mbed"};
    private static final String[] VALUES = {"analytics", "marketing", "preferences", "necessary", "", " analytics ",
        "module", "text/plain", "TEXT/PLAIN", "text/javascript", "preload", "modulepreload", "prefetch", "stylesheet",
        "preload stylesheet", "script", "a>b", "\"", "'", "&amp;", "&quot;x", "x&", "日本", "😀", "é", "a b"};
    private static final String[] WHITESPACE = {" ", " ", " ", "\t", "\n", "\f", "\r\n", "  ", "/", ""};
    private static final String[] TEXT = {"Hello", " ", "world", "<", ">", "&amp;", "&lt;", "&", "<3", "a<b", "é", "ß",
        "日本語", "😀", "\n", "--", "->", "]]>", "</", "<!", "<?", "/>", "'", "\""};
    private static final String[] SCRIPT_CONTENT = {"var a = 1;", "if (a<b) x();", "<!--", "-->", "<script>",
        "</script", "</scriptx>", "</SCRIPT >", "</script/>", "<script src=x>", "document.write('<script>');",
        "\"</scr\" + \"ipt>\"", "-", "<", "<!", "<!-", "é", "</"};
    private static final String[] JUNK = {"<", ">", "!", "-", "/", "?", "\"", "'", "=", " ", "a", "&", "#", ";", "\t",
        "\n", "[", "]", "CDATA", "script", "iframe", "src", "é", "\u0000", "\uFFFD", "😀"};

    private final Random random;

    RandomHtml(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    String document(int pieces) {
        StringBuilder b = new StringBuilder();
        if (random.nextInt(3) == 0) {
            b.append(random.nextBoolean() ? "<!DOCTYPE html>" : "<!doctype html>\n");
        }
        for (int i = 0; i < pieces; i++) {
            piece(b);
        }
        return b.toString();
    }

    private void piece(StringBuilder b) {
        switch (random.nextInt(16)) {
            case 0, 1, 2 -> text(b);
            case 3, 4, 5, 6 -> startTag(b, pick(TAGS));
            case 7 -> b.append("</").append(pick(TAGS)).append(random.nextInt(4) == 0 ? " x=\">\"" : "").append('>');
            case 8 -> comment(b);
            case 9 -> rawElement(b);
            case 10 -> junk(b);
            case 11 -> b.append(pick(new String[] {"<!doctype html>", "<?xml version=\"1.0\"?>", "<!x>", "</>", "</ p>",
                "<![CDATA[ <script src=x> ]]>", "<!DOCTYPE", "<!-", "<html>", "<head>", "<body>"}));
            case 12 -> b.append("<svg>").append(random.nextBoolean() ? "<![CDATA[ <script src=https://ads.example/m.js> ]]>" : "<title/><style/>")
                    .append(random.nextBoolean() ? "</svg>" : "");
            case 13 -> startTag(b, pick(new String[] {"script", "iframe", "link"}));
            default -> {
                startTag(b, "script");
                scriptContent(b);
                b.append("</script>");
            }
        }
    }

    private void text(StringBuilder b) {
        for (int i = random.nextInt(8); i >= 0; i--) {
            b.append(pick(TEXT));
        }
    }

    private void junk(StringBuilder b) {
        for (int i = random.nextInt(20); i >= 0; i--) {
            b.append(pick(JUNK));
        }
    }

    private void comment(StringBuilder b) {
        b.append(pick(new String[] {"<!--", "<!--", "<!-->", "<!--->", "<!---"}));
        for (int i = random.nextInt(4); i > 0; i--) {
            b.append(random.nextBoolean() ? pick(TEXT) : pick(new String[] {"<script src=https://analytics.example/a.js>", "--", "-", "<!--", "--!"}));
        }
        b.append(pick(new String[] {"-->", "-->", "--!>", "--->", " -- >", ""}));
    }

    private void rawElement(StringBuilder b) {
        String name = pick(new String[] {"style", "title", "textarea", "xmp", "STYLE", "noembed"});
        b.append('<').append(name).append('>');
        for (int i = random.nextInt(4); i >= 0; i--) {
            b.append(random.nextBoolean() ? pick(TEXT) : "<script src=https://ads.example/m.js>");
        }
        b.append(random.nextInt(5) == 0 ? "</" + name + "x>" : "</" + name + pick(new String[] {">", " >", "/>", "\t>"}));
    }

    private void scriptContent(StringBuilder b) {
        for (int i = random.nextInt(6); i >= 0; i--) {
            b.append(pick(SCRIPT_CONTENT));
        }
    }

    private void startTag(StringBuilder b, String name) {
        b.append('<').append(name);
        int attributes = random.nextInt(6);
        for (int i = 0; i < attributes; i++) {
            b.append(pick(WHITESPACE));
            if (b.charAt(b.length() - 1) == '<') {
                b.append(' ');
            }
            String attribute = pick(ATTRIBUTES);
            b.append(attribute);
            if (random.nextInt(6) == 0) {
                continue;
            }
            b.append(random.nextInt(6) == 0 ? " = " : "=");
            String value = attribute.toLowerCase().contains("src") || attribute.toLowerCase().contains("href")
                    ? pick(URLS) : pick(VALUES);
            switch (random.nextInt(4)) {
                case 0 -> b.append('"').append(value.replace("\"", "&quot;")).append('"');
                case 1 -> b.append('\'').append(value.replace("'", "&apos;")).append('\'');
                case 2 -> b.append(value);
                default -> b.append('"').append(value).append(random.nextBoolean() ? "\"" : "'");
            }
        }
        b.append(pick(new String[] {">", ">", ">", "/>", " >", "\n>", "", " /"}));
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
