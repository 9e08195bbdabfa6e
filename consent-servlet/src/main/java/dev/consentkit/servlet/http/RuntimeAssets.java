package dev.consentkit.servlet.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * The browser runtime's script and stylesheet, served under content-hashed names
 * ({@code consentkit.<hash>.js}) with immutable, year-long caching, an ETag and a gzip variant
 * computed once.
 */
public final class RuntimeAssets {

    /** One asset in its two encodings. */
    record Asset(String fileName, String contentType, byte[] identity, byte[] gzip, String etag) {
    }

    private final Asset script;
    private final Asset stylesheet;

    /** Loads the runtime from the class path. */
    public RuntimeAssets() {
        this.script = load("consentkit", ".js", "text/javascript;charset=UTF-8");
        this.stylesheet = load("consentkit", ".css", "text/css;charset=UTF-8");
    }

    /** {@return the script's file name under {@code <prefix>/assets/}} */
    public String scriptName() {
        return script.fileName;
    }

    /** {@return the stylesheet's file name under {@code <prefix>/assets/}} */
    public String stylesheetName() {
        return stylesheet.fileName;
    }

    /**
     * The gzip size of script plus stylesheet, as served.
     *
     * @return the size in bytes; {@code RuntimeSizeTest} keeps it at most 6,000
     */
    public int gzipSize() {
        return script.gzip.length + stylesheet.gzip.length;
    }

    private static Asset load(String base, String extension, String contentType) {
        String resource = "/dev/consentkit/servlet/runtime/" + base + extension;
        try (InputStream in = RuntimeAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the browser runtime " + resource + " is missing from the class path");
            }
            byte[] bytes = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(bytes);
            }
            return new Asset(base + "." + hash + extension, contentType, bytes, gz.toByteArray(), "\"" + hash + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves {@code name}; answers false when it is not a current asset. */
    boolean serve(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Asset asset = name.equals(script.fileName) ? script : name.equals(stylesheet.fileName) ? stylesheet : null;
        if (asset == null) {
            return false;
        }
        response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
        response.setHeader("Vary", "Accept-Encoding");
        response.setHeader("X-Content-Type-Options", "nosniff");
        boolean gzip = acceptsGzip(request.getHeader("Accept-Encoding"));
        String etag = gzip ? asset.etag.replace("\"", "") : asset.etag;
        etag = gzip ? "\"" + etag + "-gzip\"" : etag;
        response.setHeader("ETag", etag);
        response.setContentType(asset.contentType);
        String inm = request.getHeader("If-None-Match");
        String bare = asset.etag.substring(1, asset.etag.length() - 1);
        if (inm != null && (inm.contains(bare) || inm.trim().equals("*"))) {
            response.setStatus(304);
            return true;
        }
        byte[] body = gzip ? asset.gzip : asset.identity;
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setStatus(200);
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
        return true;
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            if (p[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < p.length; i++) {
                    String param = p[i].trim();
                    if (param.startsWith("q=") && param.substring(2).trim().matches("0(\\.0*)?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
