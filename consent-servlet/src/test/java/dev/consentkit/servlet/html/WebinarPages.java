package dev.consentkit.servlet.html;

import java.util.List;

/** Hand-written pages like the ones organizers serve, third-party tags and all. */
final class WebinarPages {

    private WebinarPages() {
    }

    static final String REGISTRATION = """
            <!DOCTYPE html>
            <html lang="de">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Produktlaunch 2025 – Jetzt anmelden! | ACME Webinare</title>
              <link rel="preload" as="script" href="https://analytics.example/gtag/js?id=G-ABC123">
              <link rel="modulepreload" href="/assets/app.7f3a.js">
              <link rel="stylesheet" href="/assets/site.css?v=3&amp;theme=dark">
              <link rel="dns-prefetch" href="//ads.example">
              <style>
                .hero::before { content: "<script src=https://ads.example/x.js>"; }
                body > main { font-family: "Inter", sans-serif; }
              </style>
              <!-- Google Tag Manager -->
              <script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
              new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
              j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
              'https://ads.example/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
              })(window,document,'script','dataLayer','GTM-XXXX');</script>
              <!-- End Google Tag Manager -->
              <script async src="https://analytics.example/gtag/js?id=G-ABC123"></script>
              <script>
                window.dataLayer = window.dataLayer || [];
                function gtag(){dataLayer.push(arguments);}
                gtag('js', new Date()); gtag('config', 'G-ABC123');
                if (a < b && c > d) { document.write('<scr' + 'ipt src="x"></scr' + 'ipt>'); }
              </script>
              <script type="application/ld+json">
              {"@context":"https://schema.org","@type":"Event","name":"Produktlaunch </scrip> 2025",
               "url":"https://acme.example/webinars/product-launch/register?utm_source=a&utm_medium=b"}
              </script>
              <script type="module" src="/assets/app.7f3a.js"></script>
              <script type="text/plain" data-consent="preferences" src="https://cdn.example/chat/widget.js"></script>
            </head>
            <body class="page page--registration">
              <!-- Google Tag Manager (noscript) -->
              <noscript><iframe src="https://ads.example/ns.html?id=GTM-XXXX"
              height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>
              <header class="site-header">
                <a href="/" class="logo"><svg viewBox="0 0 24 24" aria-hidden="true"><title>ACME</title><path d="M12 2L2 22h20z"/></svg></a>
                <nav><a href="/webinars">Webinare</a> · <a href="/organizers/acme">Über uns</a></nav>
              </header>
              <main>
                <h1>Produktlaunch 2025 — Grüße aus Köln! 🚀</h1>
                <p>Am 12.&nbsp;März um 10:00&nbsp;Uhr (MEZ). Plätze: 3 < 5 &lt; 10. Français : « élégant ». 日本語の説明。</p>
                <iframe width="560" height="315" src="https://video.example/embed/dQw4w9WgXcQ?rel=0&amp;autoplay=0"
                  title="Trailer" frameborder="0" allow="accelerometer; autoplay; encrypted-media" allowfullscreen></iframe>
                <form method="post" action="/webinars/product-launch/register" data-form='{"x":"<b>"}'>
                  <label>Name <input name="name" required placeholder="Erika Mustermann"></label>
                  <label>E-Mail <input type=email name=email required></label>
                  <textarea name="fragen" rows=3><script src="https://ads.example/x.js"></script> Fragen?</textarea>
                  <button type="submit">Anmelden</button>
                </form>
              </main>
              <footer>© 2025 ACME GmbH · <a href="/consent/cookies">Cookie-Erklärung</a></footer>
              <script src="https&#x3A;//ads.example/pixel.js?ev=PageView&amp;id=123" defer></script>
              <script>!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
              n.callMethod.apply(n,arguments):n.queue.push(arguments)};t=b.createElement(e);t.async=!0;
              t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window, document,'script',
              'https://ads.example/fbevents.js');</script>
              <script data-consent="analytics">console.log("inline analytics <!-- not a comment -->");</script>
            </body>
            </html>
            """;

    static final String WAITING_ROOM = """
            <!doctype html>
            <HTML>
            <HEAD>
            <META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=utf-8">
            <TITLE>Wartezimmer: <Produktlaunch> startet gleich</TITLE>
            <SCRIPT LANGUAGE="JavaScript">
            <!--
              var start = new Date("2025-03-12T10:00:00+01:00");
              document.write("<script src='https://analytics.example/legacy.js'></script>");
              function tick() { if (now() < start) { el.innerHTML = "<b>" + left() + "</b>"; } }
            //-->
            </SCRIPT>
            <script src='https://analytics.example/hotjar.js' type="text/javascript" async></script>
            <script type='module'>import {chat} from "/assets/chat.js"; chat("</scripty>");</script>
            </HEAD>
            <BODY onload="tick()">
            <div id=countdown data-start=2025-03-12T10:00:00 class=big>--:--</div>
            <iframe data-consent="marketing" data-src="https://video.example/embed/live/abc" width=100% height=480></iframe>
            <iframe src="/chat/embed?room=42&amp;lang=de" title=Chat></iframe>
            <iframe src = "https://video.example/embed/teaser"
                    srcdoc="<p>Teaser wird geladen…</p>"></iframe>
            <p>Während Sie warten: <a href="https://acme.example/blog?tag=a&b=c">Blog</a> — naïve café, 東京, Ελληνικά, العربية.</p>
            <!-- <script src="https://ads.example/old.js"></script> -->
            <!---->
            <!--> <p>after an abrupt comment</p>
            <?php echo "legacy"; ?>
            <svg width="10" height="10"><style>circle{fill:red}</style><circle r="4"/><script>void 0</script></svg>
            <math><mi>x</mi><mo>&lt;</mo><mn>2</mn></math>
            <template><script src="https://analytics.example/tpl.js"></script></template>
            <script src="https://cdn.example/necessary/consent-helper.js"></script>
            <script src=https://ads.example/conversion.js?a=1&b=2></script>
            <link rel=prefetch href=https://ads.example/next.js>
            <xmp><script src="https://ads.example/x.js"></script></xmp>
            </BODY>
            </HTML>
            """;

    static final String THANK_YOU = """
            <html>
            <body>
            <h2>Danke für Ihre Anmeldung, 山田さん!</h2>
            <p>Sie erhalten eine E-Mail mit dem Link. Kalender: <a href="/ics?id=1&amp;tz=Europe%2FBerlin">.ics</a></p>
            <img src="https://ads.example/pixel.gif?e=lead" width=1 height=1 alt="">
            <script type="text/javascript">
            _linkedin_partner_id = "1234"; window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || [];
            var s = "</SCRIPT" + ">";
            </script><script type="text/javascript">
            (function(l) { var s = document.getElementsByTagName("script")[0]; var b = document.createElement("script");
            b.src = "https://ads.example/insight.min.js"; s.parentNode.insertBefore(b, s);})(window.lintrk);
            </script>
            <noscript><img height="1" width="1" style="display:none;" alt="" src="https://ads.example/collect/?pid=1234&fmt=gif" /></noscript>
            <script
              src="https://analytics.example/a.js"
              data-site="acme"
              src="https://cdn.example/necessary/other.js"
            ></script>
            <script data-consent="preferences" type="text/plain">localStorage.setItem("theme","dark")</script>
            <script type="text/plain" data-consent="marketing" data-src="https://ads.example/remarketing.js" data-type="module"></script>
            <iframe src="https://video.example/embed/thanks" loading="lazy"/>
            <p>Zurück zur <a href=/webinars>Übersicht</a> &copy 2025</p>
            </body>
            </html>
            """;

    static List<String> all() {
        return List.of(REGISTRATION, WAITING_ROOM, THANK_YOU);
    }
}
