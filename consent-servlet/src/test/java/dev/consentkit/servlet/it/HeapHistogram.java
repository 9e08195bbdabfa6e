package dev.consentkit.servlet.it;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The live heap by class (HotSpot's {@code GC.class_histogram}, which collects first), to tell a leak from a cache filling up. */
final class HeapHistogram {

    private HeapHistogram() {
    }

    /** Live bytes per class name; empty where the diagnostic command is unavailable. */
    static Map<String, Long> bytesByClass() {
        Map<String, Long> bytes = new HashMap<>();
        try {
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
                }
            }
        } catch (Exception | LinkageError e) {
            // not HotSpot: no histogram
        }
        return bytes;
    }

    /** The {@code top} classes whose live bytes grew most, as "class +N KB". */
    static String growth(Map<String, Long> before, Map<String, Long> after, int top) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(top)
                .map(e -> e.getKey() + " " + (e.getValue() >= 0 ? "+" : "") + e.getValue() / 1024 + " KB")
                .collect(Collectors.joining(", "));
    }
}
