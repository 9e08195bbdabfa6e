package dev.consentkit.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A request path pattern: {@code /webinars/*}{@code /register}. {@code *} matches exactly one
 * segment, {@code **} any number of segments (also none); a segment may also end with
 * {@code *} to match by prefix ({@code /webinar-*}). Matching walks the path in place and
 * allocates nothing. Empty segments and a trailing slash are ignored.
 */
final class PathPattern {

    private static final String ANY_SEGMENTS = "**";
    private static final String ANY_SEGMENT = "*";

    private final String source;
    private final String[] segments;

    private PathPattern(String source, String[] segments) {
        this.source = source;
        this.segments = segments;
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException when the pattern does not start with {@code /} or has a
     *     {@code *} in the middle of a segment
     */
    static PathPattern compile(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("path pattern must start with '/': " + pattern);
        }
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            int star = part.indexOf('*');
            if (star >= 0 && !part.equals(ANY_SEGMENTS) && star != part.length() - 1) {
                throw new IllegalArgumentException(
                        "'*' may only end a path segment or stand alone as '*' or '**': " + pattern);
            }
            parts.add(part);
        }
        return new PathPattern(pattern, parts.toArray(String[]::new));
    }

    String source() {
        return source;
    }

    boolean matches(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        return matchFrom(path, skipSlashes(path, 0), 0);
    }

    private boolean matchFrom(String path, int pos, int seg) {
        while (seg < segments.length) {
            String pattern = segments[seg];
            if (pattern.equals(ANY_SEGMENTS)) {
                if (seg == segments.length - 1) {
                    return true;
                }
                // try every split point; patterns are short and '**' is rare, so this stays cheap
                int p = pos;
                while (true) {
                    if (matchFrom(path, p, seg + 1)) {
                        return true;
                    }
                    if (p >= path.length()) {
                        return false;
                    }
                    p = skipSlashes(path, segmentEnd(path, p));
                }
            }
            if (pos >= path.length()) {
                return false;
            }
            int end = segmentEnd(path, pos);
            if (!segmentMatches(pattern, path, pos, end)) {
                return false;
            }
            pos = skipSlashes(path, end);
            seg++;
        }
        return pos >= path.length();
    }

    private static boolean segmentMatches(String pattern, String path, int start, int end) {
        int len = end - start;
        if (pattern.equals(ANY_SEGMENT)) {
            return len > 0;
        }
        if (pattern.charAt(pattern.length() - 1) == '*') {
            int prefixLen = pattern.length() - 1;
            return len >= prefixLen && path.regionMatches(start, pattern, 0, prefixLen);
        }
        return len == pattern.length() && path.regionMatches(start, pattern, 0, len);
    }

    private static int segmentEnd(String path, int pos) {
        int slash = path.indexOf('/', pos);
        return slash < 0 ? path.length() : slash;
    }

    private static int skipSlashes(String path, int pos) {
        while (pos < path.length() && path.charAt(pos) == '/') {
            pos++;
        }
        return pos;
    }

    @Override
    public String toString() {
        return source;
    }
}
