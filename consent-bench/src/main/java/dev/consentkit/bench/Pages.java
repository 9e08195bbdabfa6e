package dev.consentkit.bench;

/** Realistic webinar pages of a given size for the benchmarks. */
final class Pages {

    private Pages() {
    }

    static String webinarPage(int size) {
        StringBuilder sb = new StringBuilder(size + 2048);
        sb.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Product launch – register</title>
                <link rel="stylesheet" href="/static/site.css">
                <script src="/static/app.js" defer></script>
                <script src="/demo/vendor/analytics.js"></script>
                </head>
                <body>
                <header class="site-header"><a href="/">Webinars</a><nav><a href="/login">Sign in</a></nav></header>
                <main>
                <h1>Product launch: what is new this quarter</h1>
                <form method="post" action="/webinars/product-launch/register">
                <label for="name">Name</label><input id="name" name="name" autocomplete="name" required>
                <label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="email" required>
                <button type="submit">Register</button>
                </form>
                """);
        int i = 0;
        while (sb.length() < size - 200) {
            sb.append("<section class=\"agenda-item\"><h2>Session ").append(i)
                    .append("</h2><p>Speakers from product, engineering &amp; customer success walk through the roadmap, ")
                    .append("answer attendee questions and show live demos. Grüße an alle Teilnehmenden – à bientôt!</p>");
            if (i % 10 == 0) {
                sb.append("<iframe src=\"/demo/vendor/video?id=").append(i).append("\" title=\"Session video\"></iframe>");
            }
            if (i % 7 == 0) {
                sb.append("<script>window.agenda = (window.agenda || 0) + 1; if (a < b) { console.log('</p>'); }</script>");
            }
            sb.append("<!-- agenda item ").append(i).append(" --></section>\n");
            i++;
        }
        sb.append("<script src=\"/demo/vendor/ads.js\"></script>\n</main>\n</body>\n</html>\n");
        return sb.toString();
    }
}
