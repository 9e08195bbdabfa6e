package dev.consentkit.core.ledger;

import dev.consentkit.core.Regime;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The ledger's JSON: the canonical form of a record (hashed for the chain, written to the journal)
 * and the export lines. Deliberately small and independent of Jackson: the canonical form is part
 * of the audit contract (docs/ledger.md) and must not change with a library's defaults.
 *
 * <p>Canonical form: one JSON object without whitespace, keys in the order of
 * {@link ConsentRecord}'s components, {@code choices} sorted by category id, absent values as
 * {@code null}, {@code recordedAt} as {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ} (UTC, microseconds),
 * strings escaping only {@code "}, {@code \} and U+0000..U+001F (as {@code \}{@code u00xx}).
 */
final class LedgerJson {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LedgerJson() {
    }

    /** The canonical JSON of a record. */
    static String canonical(ConsentRecord r) {
        StringBuilder sb = new StringBuilder(512);
        sb.append('{');
        appendFields(sb, r);
        return sb.append('}').toString();
    }

    /** An export line: the sequence number, the canonical fields, then the hashes. */
    static String exportLine(StoredConsentRecord s) {
        StringBuilder sb = new StringBuilder(700);
        sb.append("{\"sequence\":").append(s.sequence()).append(',');
        appendFields(sb, s.record());
        sb.append(",\"contentHash\":");
        string(sb, s.contentHash());
        sb.append(",\"previousHash\":");
        string(sb, s.previousHash());
        sb.append(",\"chainHash\":");
        string(sb, s.chainHash());
        return sb.append('}').toString();
    }

    /** The canonical JSON of a choices map: keys sorted. */
    static String choices(Map<String, Boolean> choices) {
        StringBuilder sb = new StringBuilder(96);
        appendChoices(sb, choices);
        return sb.toString();
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /**
     * The form a record is stored and hashed in: microsecond time (what SQL timestamps keep), and
     * strings without NUL or unpaired surrogates (which PostgreSQL text cannot hold).
     */
    static ConsentRecord normalize(ConsentRecord r) {
        Instant at = r.recordedAt().truncatedTo(ChronoUnit.MICROS);
        Map<String, Boolean> choices = new LinkedHashMap<>();
        r.choices().forEach((k, v) -> choices.put(clean(k), Boolean.TRUE.equals(v)));
        ConsentRecord n = new ConsentRecord(r.recordId(), clean(r.tenant()), r.consentId(), r.previousConsentId(),
                r.action(), r.method(), choices, r.policyRevision(), clean(r.pageType()), r.regime(),
                clean(r.region()), r.gpc(), clean(r.locale()), clean(r.bannerTextHash()), at,
                clean(r.subjectReference()));
        return n.equals(r) ? r : n;
    }

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c == 0
                    || Character.isHighSurrogate(c) && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (bad && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(bad ? '\uFFFD' : c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static void appendFields(StringBuilder sb, ConsentRecord r) {
        sb.append("\"recordId\":");
        string(sb, r.recordId().toString());
        sb.append(",\"tenant\":");
        string(sb, r.tenant());
        sb.append(",\"consentId\":");
        string(sb, r.consentId().toString());
        sb.append(",\"previousConsentId\":");
        string(sb, r.previousConsentId() == null ? null : r.previousConsentId().toString());
        sb.append(",\"action\":");
        string(sb, r.action().id());
        sb.append(",\"method\":");
        string(sb, r.method().id());
        sb.append(",\"choices\":");
        appendChoices(sb, r.choices());
        sb.append(",\"policyRevision\":").append(r.policyRevision());
        sb.append(",\"pageType\":");
        string(sb, r.pageType());
        sb.append(",\"regime\":");
        string(sb, r.regime().id());
        sb.append(",\"region\":");
        string(sb, r.region());
        sb.append(",\"gpc\":").append(r.gpc());
        sb.append(",\"locale\":");
        string(sb, r.locale());
        sb.append(",\"bannerTextHash\":");
        string(sb, r.bannerTextHash());
        sb.append(",\"recordedAt\":");
        string(sb, time(r.recordedAt()));
        sb.append(",\"subjectReference\":");
        string(sb, r.subjectReference());
    }

    private static void appendChoices(StringBuilder sb, Map<String, Boolean> choices) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Boolean> e : new TreeMap<>(choices).entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, e.getKey());
            sb.append(':').append(Boolean.TRUE.equals(e.getValue()));
        }
        sb.append('}');
    }

    static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /** Parses a record from its canonical JSON (a journal line). */
    static ConsentRecord parseRecord(String json) {
        Map<String, Object> m = new Parser(json).object();
        @SuppressWarnings("unchecked")
        Map<String, Object> rawChoices = (Map<String, Object>) m.get("choices");
        if (rawChoices == null) {
            throw new IllegalArgumentException("record without choices: " + json);
        }
        Map<String, Boolean> choices = new LinkedHashMap<>();
        rawChoices.forEach((k, v) -> choices.put(k, (Boolean) v));
        return new ConsentRecord(uuid(m.get("recordId")), (String) m.get("tenant"), uuid(m.get("consentId")),
                uuid(m.get("previousConsentId")), action((String) m.get("action")),
                method((String) m.get("method")), choices, ((Number) m.get("policyRevision")).longValue(),
                (String) m.get("pageType"), regime((String) m.get("regime")), (String) m.get("region"),
                Boolean.TRUE.equals(m.get("gpc")), (String) m.get("locale"), (String) m.get("bannerTextHash"),
                Instant.parse((String) m.get("recordedAt")), (String) m.get("subjectReference"));
    }

    /** Parses a choices object written by {@link #choices}. */
    static Map<String, Boolean> parseChoices(String json) {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        new Parser(json).object().forEach((k, v) -> choices.put(k, (Boolean) v));
        return choices;
    }

    private static UUID uuid(Object o) {
        return o == null ? null : UUID.fromString((String) o);
    }

    static ConsentAction action(String id) {
        for (ConsentAction a : ConsentAction.values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown consent action '" + id + "'");
    }

    static DecisionMethod method(String id) {
        for (DecisionMethod d : DecisionMethod.values()) {
            if (d.id().equals(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown decision method '" + id + "'");
    }

    static Regime regime(String id) {
        return Regime.fromId(id).orElseThrow(() -> new IllegalArgumentException("unknown regime '" + id + "'"));
    }

    /** Just enough JSON for the ledger's own flat documents. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> m = value() instanceof Map<?, ?> map ? cast(map) : null;
            skipSpace();
            if (m == null || i != s.length()) {
                throw error("expected one JSON object");
            }
            return m;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> cast(Map<?, ?> map) {
            return (Map<String, Object>) map;
        }

        private Object value() {
            skipSpace();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                skipSpace();
                if (peek() == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    skipSpace();
                    String key = str();
                    skipSpace();
                    expect(':');
                    m.put(key, value());
                    skipSpace();
                    char n = next();
                    if (n == '}') {
                        return m;
                    }
                    if (n != ',') {
                        throw error("expected ',' or '}'");
                    }
                }
            }
            if (c == '"') {
                return str();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            if (c == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (start == i || s.charAt(i - 1) == '-') {
                throw error("unexpected character '" + c + "'");
            }
            return Long.parseLong(s.substring(start, i));
        }

        private String str() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("truncated escape");
                        }
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw error("bad escape '\\" + e + "'");
                }
            }
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : 0;
        }

        private char next() {
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(i++);
        }

        private void expect(char c) {
            if (next() != c) {
                i--;
                throw error("expected '" + c + "'");
            }
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at offset " + i + " of a ledger JSON document");
        }
    }
}
