package dev.consentkit.demo;

/**
 * The demo video vendor's embed page, {@code /demo/vendor/video?v=ID&title=TITLE}: a fake player
 * that, like a real embedded player, writes its tracking cookie and storage (declared as
 * {@code marketing}) as soon as it loads. Pages embed it as an iframe, which ConsentKit keeps
 * from loading until marketing is allowed.
 */
final class VideoPage {

    private VideoPage() {
    }

    static String render(String id, String title) {
        String t = title == null || title.isBlank() ? "Video" : title.length() > 120 ? title.substring(0, 120) : title;
        String v = id == null || !id.matches("[A-Za-z0-9_-]{1,40}") ? "video" : id;
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + Html.escape(t)
                + " · StreamTube (demo)</title>\n<style>"
                + "html,body{margin:0;height:100%;font:15px/1.4 system-ui,sans-serif;color:#fff;background:#111}"
                + ".player{position:relative;height:100%;display:grid;place-items:center;"
                + "background:linear-gradient(135deg,#312e81,#7c2d12)}"
                + ".play{width:72px;height:72px;border-radius:50%;border:0;background:#fff;color:#111;font-size:28px;cursor:pointer}"
                + ".play:focus-visible{outline:3px solid #facc15;outline-offset:3px}"
                + ".bar{position:absolute;left:0;right:0;bottom:0;padding:.6rem .8rem;background:rgba(0,0,0,.55);display:flex;"
                + "justify-content:space-between;gap:1rem}.brand{font-weight:700}"
                + "</style>\n</head>\n<body>\n<div class=\"player\" data-video=\"" + Html.escape(v) + "\">"
                + "<button class=\"play\" type=\"button\" aria-label=\"Play " + Html.escape(t) + "\">&#9654;</button>"
                + "<div class=\"bar\"><span>" + Html.escape(t) + "</span><span class=\"brand\">StreamTube (demo)</span></div></div>\n"
                + "<script>\n"
                + "(function () {\n"
                + "  'use strict';\n"
                + "  var id = Math.random().toString(36).slice(2, 12);\n"
                + "  var video = document.querySelector('.player').getAttribute('data-video');\n"
                + "  document.cookie = 'st_viewer=' + id + '; Max-Age=31536000; Path=/; SameSite=Lax';\n"
                + "  try { var h = JSON.parse(localStorage.getItem('st_watch_history') || '[]'); h.push(video);"
                + " localStorage.setItem('st_watch_history', JSON.stringify(h.slice(-20))); } catch (e) {}\n"
                + "  try { sessionStorage.setItem('st_session', id); } catch (e) {}\n"
                + "  try { var r = indexedDB.open('st-analytics', 1);\n"
                + "    r.onupgradeneeded = function () { r.result.createObjectStore('views', { autoIncrement: true }); };\n"
                + "    r.onsuccess = function () { var db = r.result; var tx = db.transaction('views', 'readwrite');"
                + " tx.objectStore('views').add({ video: video, at: Date.now() }); tx.oncomplete = function () { db.close(); }; };\n"
                + "  } catch (e) {}\n"
                + "  document.querySelector('.play').addEventListener('click', function () { this.textContent = '\\u23F8'; });\n"
                + "  try {\n"
                + "    window.demoVendors = window.demoVendors || {}; window.demoVendors.video = true;\n"
                + "    var item = parent.document.querySelector('[data-vendor=\"/demo/vendor/video\"]');\n"
                + "    if (item) { item.setAttribute('data-state', 'ran');"
                + " item.querySelector('.vendor-state').textContent = 'ran: wrote its cookie and storage'; }\n"
                + "  } catch (e) {}\n"
                + "})();\n"
                + "</script>\n</body>\n</html>\n";
    }
}
