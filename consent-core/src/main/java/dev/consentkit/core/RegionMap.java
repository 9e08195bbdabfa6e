package dev.consentkit.core;

import java.util.Arrays;
import java.util.Map;

/**
 * Country code to regime, compiled into a 26 x 26 table so that a lookup allocates nothing and
 * costs two array reads.
 */
final class RegionMap {

    private final Regime[] byCode = new Regime[26 * 26];
    private final Regime unknown;

    /**
     * @param countries regime per upper-case two-letter code (groups already expanded)
     * @param other regime of a known country that is not listed
     * @param unknown regime when the region is missing or not a country code
     */
    RegionMap(Map<String, Regime> countries, Regime other, Regime unknown) {
        Arrays.fill(byCode, other);
        for (var e : countries.entrySet()) {
            int i = index(e.getKey());
            if (i < 0) {
                throw new IllegalArgumentException("not a two-letter country code: " + e.getKey());
            }
            byCode[i] = e.getValue();
        }
        // Cloudflare sends XX for "no country" and T1 for Tor; neither is a country
        byCode[index("XX")] = unknown;
        this.unknown = unknown;
    }

    Regime regimeFor(String countryCode) {
        int i = index(countryCode);
        return i < 0 ? unknown : byCode[i];
    }

    Regime unknown() {
        return unknown;
    }

    private static int index(String code) {
        if (code == null || code.length() != 2) {
            return -1;
        }
        int a = letter(code.charAt(0));
        int b = letter(code.charAt(1));
        return a < 0 || b < 0 ? -1 : a * 26 + b;
    }

    private static int letter(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        return -1;
    }
}
