package dev.consentkit.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The site's static files ({@code /demo/assets/}) and the demo vendors' files
 * ({@code /demo/vendor/}): scripts and the video embed page. They set no cookie and are not pages,
 * so ConsentKit's filter does not run in front of them (see {@link DemoServer}).
 */
final class AssetServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The paths this servlet is mapped to. */
    static final String[] MAPPINGS = {"/demo/assets/*", "/demo/vendor/*", "/favicon.ico"};

    /** A file served from the class path. */
    private record Asset(byte[] bytes, String contentType) {
    }

    private final transient Map<String, Asset> assets = new HashMap<>();

    AssetServlet() {
        add("/demo/assets/site.css", "assets/site.css", "text/css;charset=UTF-8");
        add("/demo/assets/site.js", "assets/site.js", "text/javascript;charset=UTF-8");
        add("/demo/assets/favicon.svg", "assets/favicon.svg", "image/svg+xml");
        add("/demo/vendor/analytics.js", "vendor/analytics.js", "text/javascript;charset=UTF-8");
        add("/demo/vendor/ads.js", "vendor/ads.js", "text/javascript;charset=UTF-8");
        add("/demo/vendor/pixel.js", "vendor/pixel.js", "text/javascript;charset=UTF-8");
        add("/demo/vendor/chat.js", "vendor/chat.js", "text/javascript;charset=UTF-8");
    }

    private void add(String path, String resource, String contentType) {
        try (InputStream in = AssetServlet.class.getResourceAsStream("/dev/consentkit/demo/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("demo resource " + resource + " is missing from the class path");
            }
            assets.put(path, new Asset(in.readAllBytes(), contentType));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = OrganizerFilter.pathOf(request);
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            SiteServlet.notAllowed(response, "GET, HEAD");
            return;
        }
        if ("/favicon.ico".equals(path)) {
            response.setStatus(301);
            response.setHeader("Location", "/demo/assets/favicon.svg");
            return;
        }
        if (Vendor.VIDEO.src().equals(path)) {
            SiteServlet.send(request, response, 200, VideoPage.render(request.getParameter("v"), request.getParameter("title")));
            return;
        }
        Asset asset = assets.get(path);
        if (asset == null) {
            response.sendError(404);
            return;
        }
        response.setContentType(asset.contentType());
        response.setHeader("Cache-Control", "public, max-age=300");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(asset.bytes().length);
        if ("GET".equals(method)) {
            response.getOutputStream().write(asset.bytes());
        }
    }
}
