package dev.consentkit.demo;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Minimal in-memory requests for unit tests of the demo's filters. */
final class FakeRequests {

    private FakeRequests() {
    }

    /** A GET of {@code path} with the given headers (name, value, name, value, ...) and cookies. */
    static HttpServletRequest get(String path, Map<String, String> headers, Cookie... cookies) {
        Map<String, Object> attributes = new HashMap<>();
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return (HttpServletRequest) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "GET";
                    case "getServletPath" -> path;
                    case "getPathInfo" -> null;
                    case "getContextPath" -> "";
                    case "getHeader" -> lower.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
                    case "getHeaders" -> Collections.enumeration(lower.containsKey(((String) args[0]).toLowerCase(java.util.Locale.ROOT))
                            ? List.of(lower.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT))) : List.of());
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getCookies" -> cookies.length == 0 ? null : cookies;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "toString" -> "FakeRequest[" + path + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
