package dev.consentkit.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems while a configuration is checked, placing each at the line and column of
 * the document layer that supplied the value (a tenant file over the platform default).
 */
final class Problems {

    private final List<JsonDocument> layers; // topmost last
    private final List<ConfigurationProblem> found = new ArrayList<>();

    Problems(List<JsonDocument> layers) {
        this.layers = layers;
    }

    void add(String path, String message) {
        // the topmost layer that has the exact path supplied the value; a missing value is
        // reported where its closest present ancestor is
        String p = path;
        while (true) {
            for (int i = layers.size() - 1; i >= 0; i--) {
                JsonDocument layer = layers.get(i);
                int[] at = layer.location(p);
                if (at != null) {
                    found.add(new ConfigurationProblem(layer.source, path, at[0], at[1], message));
                    return;
                }
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                break;
            }
            p = p.substring(0, cut);
        }
        String source = layers.isEmpty() ? "configuration" : layers.get(layers.size() - 1).source;
        found.add(new ConfigurationProblem(source, path, 0, 0, message));
    }

    void addAll(List<ConfigurationProblem> problems) {
        found.addAll(problems);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    int size() {
        return found.size();
    }

    List<ConfigurationProblem> list() {
        return List.copyOf(found);
    }
}
