package dev.consentkit.servlet.http;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a draft configuration came from in a settings form: JSON path to the id of
 * the form field (or group of fields) that set it, so that a problem the validator reports at a
 * path is shown next to the field the organizer can fix it in.
 */
final class FieldMap {

    private final Map<String, String> byPath = new HashMap<>();

    /** Records that the value at {@code path} comes from the field {@code fieldId}. */
    void put(String path, String fieldId) {
        byPath.put(path, fieldId);
    }

    /**
     * The field of a problem: the one that set the value at {@code path}, or else the one of its
     * closest ancestor.
     *
     * @return the field id, or null when no field of the form set anything around the path
     */
    String place(String path) {
        for (String p = path; p != null; p = parent(p)) {
            String field = byPath.get(p);
            if (field != null) {
                return field;
            }
        }
        return null;
    }

    /** The path of the object or array that holds {@code path}; null for the root. */
    static String parent(String path) {
        if (path == null || path.equals("$") || path.length() < 2) {
            return null;
        }
        if (path.endsWith("\"]")) {
            int open = path.lastIndexOf("[\"");
            return open <= 0 ? "$" : path.substring(0, open);
        }
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "$" : path.substring(0, cut);
    }
}
