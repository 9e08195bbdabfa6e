package dev.consentkit.core.ledger;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.TreeMap;

/** Writes stored records as JSON Lines or CSV, one at a time (streaming). */
final class RecordExporter {

    static final String CSV_HEADER = "sequence,recordId,tenant,consentId,previousConsentId,action,method,choices,"
            + "policyRevision,pageType,regime,region,gpc,locale,bannerTextHash,recordedAt,subjectReference,"
            + "contentHash,previousHash,chainHash";

    private final ExportFormat format;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(768);
    private long count;

    RecordExporter(ExportFormat format, Writer out) {
        this.format = java.util.Objects.requireNonNull(format, "format");
        this.out = java.util.Objects.requireNonNull(out, "out");
        if (format == ExportFormat.CSV) {
            emit(CSV_HEADER + "\r\n");
        }
    }

    void write(StoredConsentRecord s) {
        if (format == ExportFormat.JSON_LINES) {
            emit(LedgerJson.exportLine(s) + "\n");
        } else {
            ConsentRecord r = s.record();
            line.setLength(0);
            cell(Long.toString(s.sequence()), true);
            cell(r.recordId().toString(), false);
            cell(r.tenant(), false);
            cell(r.consentId().toString(), false);
            cell(r.previousConsentId() == null ? null : r.previousConsentId().toString(), false);
            cell(r.action().id(), false);
            cell(r.method().id(), false);
            cell(choicesCell(r.choices()), false);
            cell(Long.toString(r.policyRevision()), false);
            cell(r.pageType(), false);
            cell(r.regime().id(), false);
            cell(r.region(), false);
            cell(Boolean.toString(r.gpc()), false);
            cell(r.locale(), false);
            cell(r.bannerTextHash(), false);
            cell(LedgerJson.time(r.recordedAt()), false);
            cell(r.subjectReference(), false);
            cell(s.contentHash(), false);
            cell(s.previousHash(), false);
            cell(s.chainHash(), false);
            line.append("\r\n");
            emit(line.toString());
        }
        count++;
    }

    long count() {
        return count;
    }

    /** {@code analytics=true;marketing=false}, sorted by category id. */
    static String choicesCell(Map<String, Boolean> choices) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Boolean> e : new TreeMap<>(choices).entrySet()) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(e.getKey()).append('=').append(Boolean.TRUE.equals(e.getValue()));
        }
        return sb.toString();
    }

    private void cell(String value, boolean first) {
        if (!first) {
            line.append(',');
        }
        line.append(csvCell(value));
    }

    /**
     * One CSV cell: quoted when it holds a comma, quote or line break; prefixed with {@code '}
     * when a spreadsheet would take it for a formula (it starts with {@code = + - @}, tab or CR).
     */
    static String csvCell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char c = value.charAt(0);
        String v = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + value : value;
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char x = v.charAt(i);
            quote = x == ',' || x == '"' || x == '\n' || x == '\r';
        }
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    private void emit(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new LedgerException("could not write the ledger export (" + format.id() + ") after " + count
                    + " records: " + e.getMessage(), e);
        }
    }
}
