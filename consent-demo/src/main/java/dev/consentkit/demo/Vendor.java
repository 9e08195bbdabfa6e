package dev.consentkit.demo;

/**
 * The demo's stand-ins for third-party vendors, served by the demo itself under
 * {@code /demo/vendor/}. Each really writes a cookie, a {@code localStorage} key, a
 * {@code sessionStorage} key and an IndexedDB database of its category, with the names the
 * example configuration declares.
 */
enum Vendor {
    /** A page-view counter. */
    ANALYTICS("/demo/vendor/analytics.js", false, "analytics", "Metrics (demo)",
            "cookie _mx_id, localStorage mx_client, sessionStorage mx_session, IndexedDB mx-events"),
    /** Campaign measurement and retargeting. */
    ADS("/demo/vendor/ads.js", false, "marketing", "AdNet (demo)",
            "cookie _adnet_id, localStorage adnet_segments, sessionStorage adnet_click, IndexedDB adnet-conversions"),
    /** A conversion pixel for completed registrations. */
    PIXEL("/demo/vendor/pixel.js", false, "marketing", "AdNet pixel (demo)",
            "cookie _adpx_id, localStorage adnet_segments, sessionStorage adnet_click, IndexedDB adnet-conversions"),
    /** A chat widget. */
    CHAT("/demo/vendor/chat.js", false, "preferences", "ChatCo (demo)",
            "cookie chat_prefs, localStorage chat_history, sessionStorage chat_open, IndexedDB chat-drafts"),
    /** An embedded video player (an iframe). */
    VIDEO("/demo/vendor/video", true, "marketing", "StreamTube (demo)",
            "cookie st_viewer, localStorage st_watch_history, sessionStorage st_session, IndexedDB st-analytics");

    private final String src;
    private final boolean iframe;
    private final String category;
    private final String provider;
    private final String writes;

    Vendor(String src, boolean iframe, String category, String provider, String writes) {
        this.src = src;
        this.iframe = iframe;
        this.category = category;
        this.provider = provider;
        this.writes = writes;
    }

    /** The path the page loads it from. */
    String src() {
        return src;
    }

    /** Whether it is embedded as an iframe rather than a script. */
    boolean iframe() {
        return iframe;
    }

    /** The category its declarations are in. */
    String category() {
        return category;
    }

    /** Who it stands in for. */
    String provider() {
        return provider;
    }

    /** What it writes, for the page's list of vendors. */
    String writes() {
        return writes;
    }
}
