package dev.consentkit.servlet.html;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The consent rules for one held {@code <script>}, {@code <iframe>} or {@code <link>} start
 * tag: classify it, then neutralise it (not granted) or activate it (granted and neutral), and
 * pass it on. Attributes that are not changed keep their raw text; neutralising and activating
 * are inverse edits, so that rewriting twice changes nothing more.
 *
 * <p>HTML keeps the first of duplicated attributes, so the tag is classified by the first
 * {@code src} (or {@code data-consent}), and every {@code src} is renamed when neutralising.
 */
final class ElementRules {

    private static final int OTHER = 0;
    private static final int SRC = 1;
    private static final int DATA_SRC = 2;
    private static final int TYPE = 3;
    private static final int DATA_TYPE = 4;
    private static final int DATA_CONSENT = 5;
    private static final int SRCDOC = 6;
    private static final int DATA_SRCDOC = 7;
    private static final int REL = 8;
    private static final int HREF = 9;
    private static final int DATA_HREF = 10;
    private static final int KINDS = 11;

    /** Renames {@code src} to {@code data-src} keeping the name's case: {@code SRC} becomes {@code data-SRC}. */
    private static final byte RENAME_ADD_DATA = 1;
    /** The inverse: {@code data-SRC} becomes {@code SRC}. */
    private static final byte RENAME_DROP_DATA = 2;
    private static final String DATA = "data-";

    private static final String NECESSARY = "necessary";
    private static final String TEXT_PLAIN = "type=\"text/plain\" ";
    /** Category of a tag whose classification threw: not granted, and no category to name. */
    private static final String FAILED = new String("policy failed");
    /** {@code data-consent="id" } per category id, built once. */
    private static final Map<String, String> CONSENT_ATTRIBUTES = new ConcurrentHashMap<>();
    private static final Map<String, String> TEXT_PLAIN_AND_CONSENT_ATTRIBUTES = new ConcurrentHashMap<>();

    private final ElementPolicy policy;
    private final StreamRewriter out;
    private HeldTag tag;
    private int[] first;                          // index of the first attribute of each kind, or -1
    private int[] kinds;
    private String[] insertBefore;
    private byte[] rename;                        // RENAME_ADD_DATA or RENAME_DROP_DATA per attribute
    private boolean[] remove;
    private boolean edited;

    /** Rules working in borrowed arrays; they may be replaced by bigger ones. */
    ElementRules(ElementPolicy policy, StreamRewriter out, RewriteBuffers buffers) {
        this.policy = policy;
        this.out = out;
        first = buffers.first();
        kinds = buffers.kinds();
        insertBefore = buffers.insertBefore();
        rename = buffers.rename();
        remove = buffers.remove();
    }

    /** Puts the arrays in use, grown or not, back into {@code buffers} and lets go of them. */
    void returnArrays(RewriteBuffers buffers) {
        buffers.keepEditArrays(kinds, insertBefore, rename, remove);
        first = null;
        kinds = null;
        insertBefore = null;
        rename = null;
        remove = null;
    }

    /** The number of attribute kinds, the length of the array of first attributes per kind. */
    static int kinds() {
        return KINDS;
    }

    /** Rewrites the complete held tag and passes it on. */
    void rewrite(HeldTag heldTag) throws IOException {
        tag = heldTag;
        classify();
        edited = false;
        switch (tag.id) {
            case TagNames.SCRIPT:
                script();
                break;
            case TagNames.IFRAME:
                iframe();
                break;
            case TagNames.LINK:
                link();
                break;
            default:
                break;
        }
        if (edited) {
            emitEdited();
            Arrays.fill(insertBefore, 0, tag.count, null);
            Arrays.fill(rename, 0, tag.count, (byte) 0);
            Arrays.fill(remove, 0, tag.count, false);
        } else {
            out.emitHeld(0, tag.length);
        }
        tag = null;
    }

    private void script() {
        int consent = first[DATA_CONSENT];
        String category;
        if (consent >= 0) {
            category = AttributeValues.trim(value(consent));
        } else if (first[SRC] >= 0) {
            category = categoryOf("script", first[SRC]);
        } else {
            return;
        }
        if (category == null) {
            return;
        }
        if (!granted(category)) {
            boolean addType = first[TYPE] < 0;
            boolean addConsent = consent < 0 && category != FAILED;
            if (addType || addConsent) {
                insert(0, !addConsent ? TEXT_PLAIN
                        : addType ? textPlainAndConsentAttribute(category) : consentAttribute(category));
            }
            int type = first[TYPE];
            if (type >= 0 && !isTextPlain(type)) {
                insert(type, TEXT_PLAIN);
                rename(type, RENAME_ADD_DATA);
            }
            renameAll(SRC, RENAME_ADD_DATA);
        } else if (consent >= 0 && (isTextPlain(first[TYPE]) || first[DATA_SRC] >= 0)) {
            if (isTextPlain(first[TYPE])) {
                remove(first[TYPE]);
                if (first[DATA_TYPE] >= 0) {
                    rename(first[DATA_TYPE], RENAME_DROP_DATA);
                }
            }
            if (first[DATA_SRC] >= 0) {
                removeAll(SRC);
                renameAll(DATA_SRC, RENAME_DROP_DATA);
            }
        }
    }

    private void iframe() {
        int consent = first[DATA_CONSENT];
        String category;
        if (consent >= 0) {
            category = AttributeValues.trim(value(consent));
        } else if (first[SRC] >= 0) {
            category = categoryOf("iframe", first[SRC]);
        } else {
            return;
        }
        if (category == null) {
            return;
        }
        if (!granted(category)) {
            if (consent < 0 && category != FAILED) {
                insert(0, consentAttribute(category));
            }
            renameAll(SRC, RENAME_ADD_DATA);
            renameAll(SRCDOC, RENAME_ADD_DATA);    // srcdoc wins over src: it must not load either
        } else if (consent >= 0) {
            if (first[DATA_SRC] >= 0) {
                removeAll(SRC);
                renameAll(DATA_SRC, RENAME_DROP_DATA);
            }
            if (first[DATA_SRCDOC] >= 0) {
                removeAll(SRCDOC);
                renameAll(DATA_SRCDOC, RENAME_DROP_DATA);
            }
        }
    }

    private void link() {
        if (first[REL] < 0 || !isPreload(value(first[REL]))) {
            return;
        }
        int href = first[HREF];
        int source = href >= 0 ? href : first[DATA_HREF];
        if (source < 0) {
            return;
        }
        String category = categoryOf("script", source);
        if (category == null) {
            return;
        }
        if (!granted(category)) {
            renameAll(HREF, RENAME_ADD_DATA);
        } else if (href < 0) {
            renameAll(DATA_HREF, RENAME_DROP_DATA);
        }
    }

    private String categoryOf(String element, int attribute) {
        String url = AttributeValues.url(value(attribute));
        try {
            return policy.categoryOf(element, url);
        } catch (Exception e) {
            return FAILED;
        }
    }

    private boolean granted(String category) {
        if (category == FAILED) {
            return false;
        }
        if (NECESSARY.equals(category)) {
            return true;
        }
        try {
            return policy.isGranted(category);
        } catch (Exception e) {
            return false;
        }
    }

    private static String consentAttribute(String category) {
        return attribute(CONSENT_ATTRIBUTES, category, c -> "data-consent=\"" + AttributeValues.escape(c) + "\" ");
    }

    private static String textPlainAndConsentAttribute(String category) {
        return attribute(TEXT_PLAIN_AND_CONSENT_ATTRIBUTES, category, c -> TEXT_PLAIN + consentAttribute(c));
    }

    /** The attribute text for a category, built once and kept; category ids are few, and no page can grow the map past 256. */
    private static String attribute(Map<String, String> built, String category, UnaryOperator<String> build) {
        String attribute = built.get(category);
        if (attribute == null) {
            attribute = build.apply(category);
            if (built.size() < 256) {
                built.putIfAbsent(category, attribute);
            }
        }
        return attribute;
    }

    private boolean isTextPlain(int attribute) {
        return attribute >= 0 && equalsAsciiIgnoreCase(AttributeValues.trim(value(attribute)), "text/plain");
    }

    private static boolean isPreload(String rel) {
        int n = rel.length();
        for (int i = 0; i < n; ) {
            while (i < n && AttributeValues.isHtmlSpace(rel.charAt(i))) {
                i++;
            }
            int from = i;
            while (i < n && !AttributeValues.isHtmlSpace(rel.charAt(i))) {
                i++;
            }
            String token = rel.substring(from, i);
            if (equalsAsciiIgnoreCase(token, "preload") || equalsAsciiIgnoreCase(token, "modulepreload")
                    || equalsAsciiIgnoreCase(token, "prefetch")) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsAsciiIgnoreCase(String value, String lowerCase) {
        if (value.length() != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The attribute's value, character references decoded; empty without a value. */
    private String value(int attribute) {
        int from = tag.get(attribute, HeldTag.VALUE);
        if (from < 0) {
            return "";
        }
        return AttributeValues.decode(out.heldText(from, tag.get(attribute, HeldTag.VALUE_END)));
    }

    private void classify() {
        int n = tag.count;
        if (kinds.length < n) {
            int size = Math.max(n, kinds.length * 2);
            kinds = new int[size];
            insertBefore = new String[size];
            rename = new byte[size];
            remove = new boolean[size];
        }
        Arrays.fill(first, -1);
        for (int a = 0; a < n; a++) {
            int kind = kindOf(a);
            kinds[a] = kind;
            if (first[kind] < 0) {
                first[kind] = a;
            }
        }
    }

    private int kindOf(int a) {
        switch (tag.get(a, HeldTag.NAME_END) - tag.get(a, HeldTag.NAME)) {
            case 3:
                return tag.nameIs(a, "src") ? SRC : tag.nameIs(a, "rel") ? REL : OTHER;
            case 4:
                return tag.nameIs(a, "type") ? TYPE : tag.nameIs(a, "href") ? HREF : OTHER;
            case 6:
                return tag.nameIs(a, "srcdoc") ? SRCDOC : OTHER;
            case 8:
                return tag.nameIs(a, "data-src") ? DATA_SRC : OTHER;
            case 9:
                return tag.nameIs(a, "data-type") ? DATA_TYPE : tag.nameIs(a, "data-href") ? DATA_HREF : OTHER;
            case 11:
                return tag.nameIs(a, "data-srcdoc") ? DATA_SRCDOC : OTHER;
            case 12:
                return tag.nameIs(a, "data-consent") ? DATA_CONSENT : OTHER;
            default:
                return OTHER;
        }
    }

    private void insert(int attribute, String markup) {
        String before = insertBefore[attribute];
        insertBefore[attribute] = before == null ? markup : before + markup;
        edited = true;
    }

    private void rename(int attribute, byte how) {
        rename[attribute] = how;
        edited = true;
    }

    private void renameAll(int kind, byte how) {
        for (int a = first[kind]; a >= 0 && a < tag.count; a++) {
            if (kinds[a] == kind) {
                rename(a, how);
            }
        }
    }

    private void remove(int attribute) {
        remove[attribute] = true;
        edited = true;
    }

    private void removeAll(int kind) {
        for (int a = first[kind]; a >= 0 && a < tag.count; a++) {
            if (kinds[a] == kind) {
                remove(a);
            }
        }
    }

    /**
     * Passes the tag on with its edits. Renaming adds or drops a {@code data-} prefix, keeping
     * the rest of the name as written. A removed attribute takes the separator after it with it,
     * or, when it is the last, the separator before it.
     */
    private void emitEdited() throws IOException {
        int cursor = 0;
        int n = tag.count;
        for (int a = 0; a < n; a++) {
            int nameStart = tag.get(a, HeldTag.NAME);
            if (remove[a]) {
                boolean last = a == n - 1;
                int from = last ? Math.max(tag.get(a, HeldTag.SPAN), cursor) : nameStart;
                emitHeld(cursor, from);
                cursor = last ? tag.get(a, HeldTag.END) : tag.get(a + 1, HeldTag.NAME);
            } else if (insertBefore[a] != null || rename[a] != 0) {
                emitHeld(cursor, nameStart);
                cursor = nameStart;
                if (insertBefore[a] != null) {
                    out.emitMarkup(insertBefore[a]);
                }
                if (rename[a] == RENAME_ADD_DATA) {
                    out.emitMarkup(DATA);
                } else if (rename[a] == RENAME_DROP_DATA) {
                    cursor = nameStart + DATA.length();
                }
            }
        }
        emitHeld(cursor, tag.length);
    }

    private void emitHeld(int from, int to) throws IOException {
        if (to > from) {
            out.emitHeld(from, to);
        }
    }
}
