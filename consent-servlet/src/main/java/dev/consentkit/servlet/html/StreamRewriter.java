package dev.consentkit.servlet.html;

import static dev.consentkit.servlet.html.AsciiScan.ALPHA;
import static dev.consentkit.servlet.html.AsciiScan.ATTRIBUTE_NAME_END;
import static dev.consentkit.servlet.html.AsciiScan.TAG_NAME_END;
import static dev.consentkit.servlet.html.AsciiScan.UNQUOTED_END;
import static dev.consentkit.servlet.html.AsciiScan.WHITESPACE;
import static dev.consentkit.servlet.html.AsciiScan.is;
import static dev.consentkit.servlet.html.AsciiScan.lower;

import java.io.IOException;
import java.util.List;

/**
 * The streaming rewriter shared by the byte and the char variants: an HTML tokenizer (the
 * states of the WHATWG tokenizer that decide where markup starts and ends) that passes
 * everything through except the start tags it rewrites, which it holds back until their
 * {@code '>'}.
 *
 * <p>It reads a chunk as bytes in which every markup character is itself: the bytes of an
 * ASCII-compatible encoding, or characters projected to bytes by {@link CharStreamRewriter}.
 * Subclasses move the real units: {@link #emit} passes a range of the current chunk on,
 * {@link #holdUnits} keeps a copy, {@link #emitHeld} passes held units on.
 *
 * <p>Memory is bounded: text, comments and the content of raw-text elements pass through as
 * they arrive; what is held is the {@code '<'} and name of a start tag (at most
 * {@link TagNames#MAX_LENGTH} units), or one {@code <script>}, {@code <iframe>} or
 * {@code <link>} start tag of at most {@link HeldTag#MAX_LENGTH} units.
 */
abstract class StreamRewriter {

    static final String SCRIPT_OVERFLOW = " type=\"text/plain\" data-consent-overflow";
    static final String IFRAME_OVERFLOW = " src=\"about:blank\" srcdoc=\"\" data-consent-overflow";

    // Tokenizer states, named after the WHATWG ones they implement.
    private static final int DATA = 0;
    private static final int TAG_OPEN = 1;
    private static final int END_TAG_OPEN = 2;
    private static final int TAG_NAME = 3;
    private static final int BEFORE_ATTRIBUTE_NAME = 4;
    private static final int ATTRIBUTE_NAME = 5;
    private static final int AFTER_ATTRIBUTE_NAME = 6;
    private static final int BEFORE_ATTRIBUTE_VALUE = 7;
    private static final int ATTRIBUTE_VALUE_DOUBLE_QUOTED = 8;
    private static final int ATTRIBUTE_VALUE_SINGLE_QUOTED = 9;
    private static final int ATTRIBUTE_VALUE_UNQUOTED = 10;
    private static final int AFTER_ATTRIBUTE_VALUE_QUOTED = 11;
    private static final int SELF_CLOSING_START_TAG = 12;
    private static final int MARKUP_DECLARATION_OPEN = 13;
    private static final int MARKUP_DECLARATION_DASH = 14;
    private static final int DOCTYPE_KEYWORD = 15;
    private static final int CDATA_KEYWORD = 16;
    private static final int BOGUS_COMMENT = 17;       // also the doctype: both end at the first '>'
    private static final int CDATA_SECTION = 18;
    private static final int CDATA_SECTION_BRACKET = 19;
    private static final int CDATA_SECTION_END = 20;
    private static final int COMMENT_START = 21;
    private static final int COMMENT_START_DASH = 22;
    private static final int COMMENT = 23;
    private static final int COMMENT_END_DASH = 24;
    private static final int COMMENT_END = 25;
    private static final int COMMENT_END_BANG = 26;
    private static final int RAW_TEXT = 27;            // RAWTEXT and RCDATA alike: only the end tag matters
    private static final int RAW_TEXT_LESS_THAN = 28;
    private static final int RAW_TEXT_END_TAG_NAME = 29;
    private static final int SCRIPT_DATA = 30;
    private static final int SCRIPT_DATA_LESS_THAN = 31;
    private static final int SCRIPT_DATA_END_TAG_NAME = 32;
    private static final int SCRIPT_DATA_ESCAPE_START = 33;
    private static final int SCRIPT_DATA_ESCAPE_START_DASH = 34;
    private static final int SCRIPT_DATA_ESCAPED = 35;
    private static final int SCRIPT_DATA_ESCAPED_DASH = 36;
    private static final int SCRIPT_DATA_ESCAPED_DASH_DASH = 37;
    private static final int SCRIPT_DATA_ESCAPED_LESS_THAN = 38;
    private static final int SCRIPT_DATA_ESCAPED_END_TAG_NAME = 39;
    private static final int SCRIPT_DATA_DOUBLE_ESCAPE_START = 40;
    private static final int SCRIPT_DATA_DOUBLE_ESCAPED = 41;
    private static final int SCRIPT_DATA_DOUBLE_ESCAPED_DASH = 42;
    private static final int SCRIPT_DATA_DOUBLE_ESCAPED_DASH_DASH = 43;
    private static final int SCRIPT_DATA_DOUBLE_ESCAPED_LESS_THAN = 44;
    private static final int SCRIPT_DATA_DOUBLE_ESCAPE_END = 45;
    private static final int PLAINTEXT = 46;

    private static final byte[] DOCTYPE = {'d', 'o', 'c', 't', 'y', 'p', 'e'};
    private static final byte[] CDATA = {'[', 'C', 'D', 'A', 'T', 'A', '['};
    private static final byte[] SCRIPT = TagNames.bytes(TagNames.SCRIPT);

    private final ElementPolicy policy;
    private final ElementRules rules;
    final HeldTag held;
    RewriteBuffers buffers;           // borrowed until the document ends, then null

    private int state = DATA;
    private int matched;              // letters of a keyword or end tag name matched so far, -1 once one differs
    private byte[] rawTextName;       // lower-case name of the element whose end tag ends RAW_TEXT
    private int rawTextId;

    private int tagStart;             // index of the current tag's '<' in the chunk, -1 when it began before
    private int tagBase;              // chunk index of the tag's position 0 (negative when the tag began before)
    private boolean holding;          // the tag's units are held back (its name is not known yet, or it is recorded)
    private boolean recording;        // a script, iframe or link start tag: attributes recorded, rewritten at '>'
    private boolean endTag;
    private boolean selfClosing;
    private boolean foreignTag;       // the tag is in SVG or MathML content
    private int tagId;
    private final byte[] name;
    private int nameLength;
    private int nameHash;             // of the whole lower-case name, however long

    private boolean documentSeen;     // an <html> start tag or a doctype came first: not a fragment
    private boolean injected;         // the bootstrap was inserted, or the attempt failed
    private boolean injectAfterTag;   // the current tag is <head>: insert after its '>'
    private int inertDepth;           // open <noscript> and <template>: no insertion inside
    private final ForeignElements foreign = new ForeignElements();

    private byte[] currentChunk;
    private int chunkFrom;
    private int pending;              // start of the units of the chunk not yet passed on
    private boolean finished;

    StreamRewriter(ElementPolicy policy) {
        this.policy = policy;
        this.buffers = RewriteBuffers.borrow();
        this.name = buffers.tagName();
        this.held = new HeldTag(buffers);
        this.rules = new ElementRules(policy, this, buffers);
    }

    /** Passes units {@code [from, to)} of the current chunk on. */
    abstract void emit(int from, int to) throws IOException;

    /** Keeps units {@code [from, to)} of the current chunk, in order after those already held. */
    abstract void holdUnits(int from, int to, int heldAt);

    /** Passes held units {@code [from, to)} on. */
    abstract void emitHeld(int from, int to) throws IOException;

    /** Passes inserted markup on. */
    abstract void emitMarkup(String markup) throws IOException;

    /** Passes an inserted piece of markup on. */
    abstract void emitMarkup(Markup markup) throws IOException;

    /** The text of held units {@code [from, to)}. */
    abstract String heldText(int from, int to);

    /** Whether {@link #finish} was called. */
    final boolean isFinished() {
        return finished;
    }

    /** Capacity of the buffer of held units, for tests of bounded memory. */
    final int heldCapacity() {
        return held.capacity();
    }

    /** Writes out an incomplete tag as it is; the document is complete. */
    final void finish() throws IOException {
        if (!finished) {
            finished = true;
            if (held.length > 0) {
                emitHeld(0, held.length);
                held.length = 0;
            }
            holding = false;
            recording = false;
            RewriteBuffers lent = buffers;
            buffers = null;
            held.returnArrays(lent);      // a use after this fails instead of reaching the next page's arrays
            rules.returnArrays(lent);
            lent.giveBack();
        }
    }

    /**
     * Rewrites one chunk: {@code chunk[from, to)}, markup characters exact. Everything not held
     * back is passed on before this returns.
     */
    final void process(byte[] chunk, int from, int to) throws IOException {
        if (finished) {
            throw new IOException("Stream closed: the document was finished");
        }
        currentChunk = chunk;
        chunkFrom = from;
        pending = from;
        if (holding) {
            tagStart = -1;
            tagBase = from - held.length;
        }
        int st = state;
        int i = from;
        while (i < to) {
            byte c;
            switch (st) {
                case DATA: {
                    int lt = AsciiScan.indexOf(chunk, i, to, (byte) '<');
                    if (lt < 0) {
                        i = to;
                        break;
                    }
                    tagStart = lt;
                    tagBase = lt;
                    holding = true;
                    i = lt + 1;
                    if (i < to && is(chunk[i], ALPHA)) {    // the common case, without a TAG_OPEN step
                        startTagName(false);
                        i = tag(chunk, i, to, TAG_NAME);
                        st = state;
                    } else {
                        st = TAG_OPEN;
                    }
                    break;
                }
                case TAG_OPEN:
                    c = chunk[i];
                    if (is(c, ALPHA)) {
                        startTagName(false);
                        st = TAG_NAME;
                        break;
                    }
                    release();
                    if (c == '!') {
                        st = MARKUP_DECLARATION_OPEN;
                        i++;
                    } else if (c == '/') {
                        st = END_TAG_OPEN;
                        i++;
                    } else {
                        st = c == '?' ? BOGUS_COMMENT : DATA;
                    }
                    break;
                case END_TAG_OPEN:
                    c = chunk[i];
                    if (is(c, ALPHA)) {
                        startTagName(true);
                        st = TAG_NAME;
                    } else if (c == '>') {
                        st = DATA;
                        i++;
                    } else {
                        st = BOGUS_COMMENT;
                    }
                    break;
                case TAG_NAME:
                case BEFORE_ATTRIBUTE_NAME:
                case ATTRIBUTE_NAME:
                case AFTER_ATTRIBUTE_NAME:
                case BEFORE_ATTRIBUTE_VALUE:
                case ATTRIBUTE_VALUE_DOUBLE_QUOTED:
                case ATTRIBUTE_VALUE_SINGLE_QUOTED:
                case ATTRIBUTE_VALUE_UNQUOTED:
                case AFTER_ATTRIBUTE_VALUE_QUOTED:
                case SELF_CLOSING_START_TAG:
                    if (recording && (long) tagBase + HeldTag.MAX_LENGTH <= i) {
                        overflow(i);
                    }
                    i = tag(chunk, i, to, st);
                    st = state;
                    break;
                case MARKUP_DECLARATION_OPEN:
                    c = chunk[i];
                    if (c == '-') {
                        st = MARKUP_DECLARATION_DASH;
                        i++;
                    } else if (lower(c) == 'd') {
                        matched = 1;
                        st = DOCTYPE_KEYWORD;
                        i++;
                    } else if (c == '[' && foreign.inForeignContent()) {
                        matched = 1;
                        st = CDATA_KEYWORD;
                        i++;
                    } else {
                        st = BOGUS_COMMENT;
                    }
                    break;
                case MARKUP_DECLARATION_DASH:
                    if (chunk[i] == '-') {
                        st = COMMENT_START;
                        i++;
                    } else {
                        st = BOGUS_COMMENT;
                    }
                    break;
                case DOCTYPE_KEYWORD:
                    if (lower(chunk[i]) != DOCTYPE[matched]) {
                        st = BOGUS_COMMENT;
                        break;
                    }
                    i++;
                    if (++matched == DOCTYPE.length) {
                        documentSeen = true;
                        st = BOGUS_COMMENT;
                    }
                    break;
                case CDATA_KEYWORD:
                    if (chunk[i] != CDATA[matched]) {
                        st = BOGUS_COMMENT;
                        break;
                    }
                    i++;
                    if (++matched == CDATA.length) {
                        st = CDATA_SECTION;
                    }
                    break;
                case BOGUS_COMMENT: {
                    int gt = AsciiScan.indexOf(chunk, i, to, (byte) '>');
                    if (gt < 0) {
                        i = to;
                    } else {
                        st = DATA;
                        i = gt + 1;
                    }
                    break;
                }
                case CDATA_SECTION: {
                    int bracket = AsciiScan.indexOf(chunk, i, to, (byte) ']');
                    if (bracket < 0) {
                        i = to;
                    } else {
                        st = CDATA_SECTION_BRACKET;
                        i = bracket + 1;
                    }
                    break;
                }
                case CDATA_SECTION_BRACKET:
                    if (chunk[i] == ']') {
                        st = CDATA_SECTION_END;
                        i++;
                    } else {
                        st = CDATA_SECTION;
                    }
                    break;
                case CDATA_SECTION_END:
                    c = chunk[i];
                    if (c == '>') {
                        st = DATA;
                        i++;
                    } else if (c == ']') {
                        i++;
                    } else {
                        st = CDATA_SECTION;
                    }
                    break;
                case COMMENT_START:
                case COMMENT_START_DASH:
                    c = chunk[i];
                    if (c == '>') {
                        st = DATA;                      // <!--> and <!---> are whole comments
                        i++;
                    } else if (c == '-') {
                        st = st == COMMENT_START ? COMMENT_START_DASH : COMMENT_END;
                        i++;
                    } else {
                        st = COMMENT;
                    }
                    break;
                case COMMENT: {
                    int dash = AsciiScan.indexOf(chunk, i, to, (byte) '-');
                    if (dash < 0) {
                        i = to;
                    } else {
                        st = COMMENT_END_DASH;
                        i = dash + 1;
                    }
                    break;
                }
                case COMMENT_END_DASH:
                    if (chunk[i] == '-') {
                        st = COMMENT_END;
                        i++;
                    } else {
                        st = COMMENT;
                    }
                    break;
                case COMMENT_END:
                    c = chunk[i];
                    if (c == '>') {
                        st = DATA;
                        i++;
                    } else if (c == '!') {
                        st = COMMENT_END_BANG;
                        i++;
                    } else if (c == '-') {
                        i++;
                    } else {
                        st = COMMENT;
                    }
                    break;
                case COMMENT_END_BANG:
                    c = chunk[i];
                    if (c == '>') {
                        st = DATA;                      // --!> ends a comment too
                        i++;
                    } else if (c == '-') {
                        st = COMMENT_END_DASH;
                        i++;
                    } else {
                        st = COMMENT;
                    }
                    break;
                case RAW_TEXT:
                case SCRIPT_DATA: {
                    int lt = AsciiScan.indexOf(chunk, i, to, (byte) '<');
                    if (lt < 0) {
                        i = to;
                    } else {
                        st = st == RAW_TEXT ? RAW_TEXT_LESS_THAN : SCRIPT_DATA_LESS_THAN;
                        i = lt + 1;
                    }
                    break;
                }
                case RAW_TEXT_LESS_THAN:
                    if (chunk[i] == '/') {
                        matched = 0;
                        st = RAW_TEXT_END_TAG_NAME;
                        i++;
                    } else {
                        st = RAW_TEXT;
                    }
                    break;
                case SCRIPT_DATA_LESS_THAN:
                    c = chunk[i];
                    if (c == '/') {
                        matched = 0;
                        st = SCRIPT_DATA_END_TAG_NAME;
                        i++;
                    } else if (c == '!') {
                        st = SCRIPT_DATA_ESCAPE_START;
                        i++;
                    } else {
                        st = SCRIPT_DATA;
                    }
                    break;
                case RAW_TEXT_END_TAG_NAME:
                case SCRIPT_DATA_END_TAG_NAME:
                case SCRIPT_DATA_ESCAPED_END_TAG_NAME: {
                    byte[] expected = st == RAW_TEXT_END_TAG_NAME ? rawTextName : SCRIPT;
                    c = chunk[i];
                    if (is(c, ALPHA)) {
                        matched = matchNext(expected, c);
                        i++;
                    } else if (matched == expected.length && is(c, TAG_NAME_END)) {
                        endTag = true;
                        selfClosing = false;
                        foreignTag = false;
                        nameHash = 0;                   // an HTML element's end: foreign elements stay
                        tagId = st == RAW_TEXT_END_TAG_NAME ? rawTextId : TagNames.SCRIPT;
                        st = tagNameEnded(c, i);
                        i++;
                    } else {
                        st = st == RAW_TEXT_END_TAG_NAME ? RAW_TEXT
                                : st == SCRIPT_DATA_END_TAG_NAME ? SCRIPT_DATA : SCRIPT_DATA_ESCAPED;
                    }
                    break;
                }
                case SCRIPT_DATA_ESCAPE_START:
                    if (chunk[i] == '-') {
                        st = SCRIPT_DATA_ESCAPE_START_DASH;
                        i++;
                    } else {
                        st = SCRIPT_DATA;
                    }
                    break;
                case SCRIPT_DATA_ESCAPE_START_DASH:
                    if (chunk[i] == '-') {
                        st = SCRIPT_DATA_ESCAPED_DASH_DASH;
                        i++;
                    } else {
                        st = SCRIPT_DATA;
                    }
                    break;
                case SCRIPT_DATA_ESCAPED:
                case SCRIPT_DATA_ESCAPED_DASH:
                case SCRIPT_DATA_ESCAPED_DASH_DASH:
                    c = chunk[i++];
                    if (c == '-') {
                        st = st == SCRIPT_DATA_ESCAPED ? SCRIPT_DATA_ESCAPED_DASH : SCRIPT_DATA_ESCAPED_DASH_DASH;
                    } else if (c == '<') {
                        st = SCRIPT_DATA_ESCAPED_LESS_THAN;
                    } else if (c == '>' && st == SCRIPT_DATA_ESCAPED_DASH_DASH) {
                        st = SCRIPT_DATA;
                    } else {
                        st = SCRIPT_DATA_ESCAPED;
                    }
                    break;
                case SCRIPT_DATA_ESCAPED_LESS_THAN:
                    c = chunk[i];
                    if (c == '/') {
                        matched = 0;
                        st = SCRIPT_DATA_ESCAPED_END_TAG_NAME;
                        i++;
                    } else if (is(c, ALPHA)) {
                        matched = 0;
                        st = SCRIPT_DATA_DOUBLE_ESCAPE_START;
                    } else {
                        st = SCRIPT_DATA_ESCAPED;
                    }
                    break;
                case SCRIPT_DATA_DOUBLE_ESCAPE_START:
                case SCRIPT_DATA_DOUBLE_ESCAPE_END:
                    c = chunk[i];
                    if (is(c, ALPHA)) {
                        matched = matchNext(SCRIPT, c);
                        i++;
                    } else if (is(c, TAG_NAME_END)) {
                        boolean script = matched == SCRIPT.length;
                        if (st == SCRIPT_DATA_DOUBLE_ESCAPE_START) {
                            st = script ? SCRIPT_DATA_DOUBLE_ESCAPED : SCRIPT_DATA_ESCAPED;
                        } else {
                            st = script ? SCRIPT_DATA_ESCAPED : SCRIPT_DATA_DOUBLE_ESCAPED;
                        }
                        i++;
                    } else {
                        st = st == SCRIPT_DATA_DOUBLE_ESCAPE_START ? SCRIPT_DATA_ESCAPED : SCRIPT_DATA_DOUBLE_ESCAPED;
                    }
                    break;
                case SCRIPT_DATA_DOUBLE_ESCAPED:
                case SCRIPT_DATA_DOUBLE_ESCAPED_DASH:
                case SCRIPT_DATA_DOUBLE_ESCAPED_DASH_DASH:
                    c = chunk[i++];
                    if (c == '-') {
                        st = st == SCRIPT_DATA_DOUBLE_ESCAPED
                                ? SCRIPT_DATA_DOUBLE_ESCAPED_DASH : SCRIPT_DATA_DOUBLE_ESCAPED_DASH_DASH;
                    } else if (c == '<') {
                        st = SCRIPT_DATA_DOUBLE_ESCAPED_LESS_THAN;
                    } else if (c == '>' && st == SCRIPT_DATA_DOUBLE_ESCAPED_DASH_DASH) {
                        st = SCRIPT_DATA;
                    } else {
                        st = SCRIPT_DATA_DOUBLE_ESCAPED;
                    }
                    break;
                case SCRIPT_DATA_DOUBLE_ESCAPED_LESS_THAN:
                    if (chunk[i] == '/') {
                        matched = 0;
                        st = SCRIPT_DATA_DOUBLE_ESCAPE_END;
                        i++;
                    } else {
                        st = SCRIPT_DATA_DOUBLE_ESCAPED;
                    }
                    break;
                case PLAINTEXT:
                default:
                    i = to;
                    break;
            }
        }
        state = st;
        if (holding) {
            int heldFrom = tagStart >= 0 ? tagStart : from;
            emit(pending, heldFrom);
            hold(heldFrom, to);
            tagStart = -1;
        } else {
            emit(pending, to);
        }
        currentChunk = null;
    }

    /**
     * The states inside a tag, from chunk index i in state st: the common path (name, then
     * attributes with values) falls through from one state to the next. Returns the index after
     * what was consumed and leaves the next state in {@link #state}: a tag state when the chunk
     * (or the bound of a held tag) ended inside the tag, else the state after the tag.
     */
    private int tag(byte[] chunk, int i, int to, int st) throws IOException {
        int end = limit(to);
        byte c;
        loop:
        for (;;) {
            switch (st) {
                case TAG_NAME: {
                    int length = nameLength;
                    int hash = nameHash;
                    byte[] lowerName = name;
                    while (i < to && !is(c = chunk[i], TAG_NAME_END)) {
                        byte lower = lower(c);
                        if (length < lowerName.length) {
                            lowerName[length] = lower;
                        }
                        hash = ForeignElements.hash(hash, lower);
                        length++;
                        i++;
                    }
                    nameLength = length;
                    nameHash = hash;
                    if (length > lowerName.length && holding && !endTag) {
                        release();                      // too long to be a name of interest
                    }
                    if (i == to) {
                        return suspend(TAG_NAME, i);
                    }
                    tagNamed(i);
                }
                    c = chunk[i++];
                    if (c == '>') {
                        return complete(i - 1);
                    }
                    end = limit(to);
                    if (c == '/') {
                        st = SELF_CLOSING_START_TAG;
                        continue loop;
                    }
                    // fall through
                case BEFORE_ATTRIBUTE_NAME:
                    while (i < end && is(chunk[i], WHITESPACE)) {
                        i++;
                    }
                    if (i == end) {
                        return suspend(BEFORE_ATTRIBUTE_NAME, i);
                    }
                    c = chunk[i];
                    if (c == '/') {
                        st = SELF_CLOSING_START_TAG;
                        i++;
                        continue loop;
                    }
                    if (c == '>') {
                        return complete(i);
                    }
                    if (recording && !held.startAttribute(i - tagBase)) {
                        overflow(i);                    // too many attributes
                        end = to;
                    }
                    i++;                                // the first character, even '=', is the name's
                    // fall through
                case ATTRIBUTE_NAME:
                    while (i < end && !is(chunk[i], ATTRIBUTE_NAME_END)) {
                        i++;
                    }
                    if (i == end) {
                        return suspend(ATTRIBUTE_NAME, i);
                    }
                    if (recording) {
                        held.nameEnded(i - tagBase);
                    }
                    if (chunk[i] != '=') {
                        st = AFTER_ATTRIBUTE_NAME;
                        continue loop;
                    }
                    i++;
                    if (recording) {
                        held.equalsSign(i - tagBase);
                    }
                    // fall through
                case BEFORE_ATTRIBUTE_VALUE:
                    while (i < end && is(chunk[i], WHITESPACE)) {
                        i++;
                    }
                    if (i == end) {
                        return suspend(BEFORE_ATTRIBUTE_VALUE, i);
                    }
                    c = chunk[i];
                    if (c == '>') {
                        return complete(i);             // a missing value: empty
                    }
                    if (c != '"' && c != '\'') {
                        if (recording) {
                            held.valueStarts(i - tagBase);
                        }
                        st = ATTRIBUTE_VALUE_UNQUOTED;
                        continue loop;
                    }
                    i++;
                    if (recording) {
                        held.valueStarts(i - tagBase);
                    }
                    st = c == '"' ? ATTRIBUTE_VALUE_DOUBLE_QUOTED : ATTRIBUTE_VALUE_SINGLE_QUOTED;
                    // fall through
                case ATTRIBUTE_VALUE_DOUBLE_QUOTED:
                case ATTRIBUTE_VALUE_SINGLE_QUOTED: {
                    int q = AsciiScan.indexOf(chunk, i, end,
                            st == ATTRIBUTE_VALUE_DOUBLE_QUOTED ? (byte) '"' : (byte) '\'');
                    if (q < 0) {
                        return suspend(st, end);
                    }
                    if (recording) {
                        held.valueEnded(q - tagBase, q + 1 - tagBase);
                    }
                    i = q + 1;
                }
                    // fall through
                case AFTER_ATTRIBUTE_VALUE_QUOTED:
                    if (i == end) {
                        return suspend(AFTER_ATTRIBUTE_VALUE_QUOTED, i);
                    }
                    c = chunk[i];
                    if (c == '>') {
                        return complete(i);
                    }
                    if (c == '/') {
                        st = SELF_CLOSING_START_TAG;
                        i++;
                    } else {
                        st = BEFORE_ATTRIBUTE_NAME;
                        if (is(c, WHITESPACE)) {
                            i++;
                        }
                    }
                    continue loop;
                case ATTRIBUTE_VALUE_UNQUOTED:
                    while (i < end && !is(chunk[i], UNQUOTED_END)) {
                        i++;
                    }
                    if (i == end) {
                        return suspend(ATTRIBUTE_VALUE_UNQUOTED, i);
                    }
                    if (recording) {
                        held.valueEnded(i - tagBase, i - tagBase);
                    }
                    if (chunk[i] == '>') {
                        return complete(i);
                    }
                    st = BEFORE_ATTRIBUTE_NAME;
                    i++;
                    continue loop;
                case AFTER_ATTRIBUTE_NAME:
                    while (i < end && is(chunk[i], WHITESPACE)) {
                        i++;
                    }
                    if (i == end) {
                        return suspend(AFTER_ATTRIBUTE_NAME, i);
                    }
                    c = chunk[i];
                    if (c == '>') {
                        return complete(i);
                    }
                    if (c == '/') {
                        st = SELF_CLOSING_START_TAG;
                        i++;
                    } else if (c == '=') {
                        i++;
                        if (recording) {
                            held.equalsSign(i - tagBase);
                        }
                        st = BEFORE_ATTRIBUTE_VALUE;
                    } else {
                        if (recording && !held.startAttribute(i - tagBase)) {
                            overflow(i);
                            end = to;
                        }
                        st = ATTRIBUTE_NAME;
                        i++;
                    }
                    continue loop;
                case SELF_CLOSING_START_TAG:
                    if (i == end) {
                        return suspend(SELF_CLOSING_START_TAG, i);
                    }
                    if (chunk[i] == '>') {
                        selfClosing = true;
                        return complete(i);
                    }
                    st = BEFORE_ATTRIBUTE_NAME;
                    continue loop;
                default:
                    throw new IllegalStateException("not a tag state: " + st);
            }
        }
    }

    /** Where a held tag's bound falls in this chunk, or {@code to}. */
    private int limit(int to) {
        if (recording) {
            long limit = (long) tagBase + HeldTag.MAX_LENGTH;
            return limit < to ? (int) Math.max(limit, chunkFrom) : to;
        }
        return to;
    }

    /** The chunk (or a held tag's bound) ended inside the tag, in state st. */
    private int suspend(int st, int i) {
        state = st;
        return i;
    }

    /** The tag ended with the '>' at chunk index i. */
    private int complete(int i) throws IOException {
        state = tagComplete(i);
        return i + 1;
    }

    /** The next value of {@link #matched} after letter c, against a lower-case name. */
    private int matchNext(byte[] expected, byte c) {
        int m = matched;
        return m >= 0 && m < expected.length && lower(c) == expected[m] ? m + 1 : -1;
    }

    private void startTagName(boolean end) {
        endTag = end;
        selfClosing = false;
        nameLength = 0;
        nameHash = 0;
    }

    /** The name of the current tag ended at chunk index i. */
    private void tagNamed(int i) throws IOException {
        tagId = TagNames.lookup(name, nameLength, nameHash);
        if (foreign.inForeignContent() && (endTag ? TagNames.endTagBreaksOutOfForeignContent(tagId)
                : TagNames.breaksOutOfForeignContent(tagId))) {
            foreign.popToHtml();
        }
        foreignTag = foreign.inForeignContent();
        if (endTag) {
            return;
        }
        if (!injected && inertDepth == 0 && foreign.isEmpty()) {
            if (tagId == TagNames.HEAD) {
                injectAfterTag = true;
            } else if (tagId == TagNames.BODY || (documentSeen && TagNames.isHeadContent(tagId))) {
                if (tagStart >= 0) {
                    emit(pending, tagStart);
                    pending = tagStart;
                }
                inject();                      // held units of the tag, if any, follow
            }
        }
        if (tagId == TagNames.HTML) {
            documentSeen = true;
        }
        if (tagId == TagNames.SCRIPT || tagId == TagNames.IFRAME || tagId == TagNames.LINK) {
            recording = true;
            held.begin(tagId, i - tagBase);
        } else {
            release();
        }
    }

    /** The tag name ended with c at chunk index i; consumes c. */
    private int tagNameEnded(byte c, int i) throws IOException {
        if (c == '>') {
            return tagComplete(i);
        }
        return c == '/' ? SELF_CLOSING_START_TAG : BEFORE_ATTRIBUTE_NAME;
    }

    /** The tag ends with the '>' at chunk index i; returns the state after it. */
    private int tagComplete(int i) throws IOException {
        if (recording) {
            int heldFrom = tagStart >= 0 ? tagStart : chunkFrom;
            emit(pending, heldFrom);
            hold(heldFrom, i + 1);
            pending = i + 1;
            holding = false;
            recording = false;
            rules.rewrite(held);
            held.length = 0;
        }
        int next = DATA;
        if (endTag) {
            endTagEffects();
        } else if (foreignTag) {
            if (!selfClosing) {
                boolean mathMl = foreign.isMathMl();        // foreign elements take the current namespace
                foreign.push(nameKey(), mathMl, TagNames.isIntegrationPoint(tagId, mathMl));
            }
        } else {
            next = startTagEffects();
        }
        if (injectAfterTag) {
            injectAfterTag = false;
            emit(pending, i + 1);
            pending = i + 1;
            inject();
        }
        return next;
    }

    /** What an HTML start tag changes; returns the tokenizer state after it. */
    private int startTagEffects() {
        switch (tagId) {
            case TagNames.SCRIPT:
                return SCRIPT_DATA;
            case TagNames.STYLE:
            case TagNames.XMP:
            case TagNames.IFRAME:
            case TagNames.NOEMBED:
            case TagNames.NOFRAMES:
            case TagNames.TEXTAREA:
            case TagNames.TITLE:
                rawTextId = tagId;
                rawTextName = TagNames.bytes(tagId);
                return RAW_TEXT;
            case TagNames.PLAINTEXT:
                return PLAINTEXT;
            case TagNames.NOSCRIPT:
            case TagNames.TEMPLATE:
                inertDepth++;
                foreign.openHtmlChild(nameKey());
                return DATA;
            case TagNames.SVG:
            case TagNames.MATH:
                if (!selfClosing) {
                    foreign.push(nameKey(), tagId == TagNames.MATH, false);
                }
                return DATA;
            default:
                if (!foreign.isEmpty()) {
                    foreign.openHtmlChild(nameKey());      // at an integration point
                }
                return DATA;
        }
    }

    private void endTagEffects() {
        if (nameHash != 0) {
            foreign.endTag(nameKey());
        }
        if ((tagId == TagNames.NOSCRIPT || tagId == TagNames.TEMPLATE) && !foreignTag && inertDepth > 0) {
            inertDepth--;
        }
    }

    /** The key of the current tag's name in {@link ForeignElements}. */
    private long nameKey() {
        return ForeignElements.key(nameHash, nameLength);
    }

    /**
     * The held script or iframe start tag reached {@link HeldTag#MAX_LENGTH} at chunk index i
     * (or has too many attributes): pass it on and the rest as it comes. HTML keeps the first of
     * duplicated attributes, so the neutral ones written right after the name win.
     */
    private void overflow(int i) throws IOException {
        int heldFrom = tagStart >= 0 ? tagStart : chunkFrom;
        emit(pending, heldFrom);
        hold(heldFrom, i);
        int nameEnd = held.nameEnd;
        emitHeld(0, nameEnd);
        if (tagId == TagNames.SCRIPT) {
            emitMarkup(SCRIPT_OVERFLOW);
        } else if (tagId == TagNames.IFRAME) {
            emitMarkup(IFRAME_OVERFLOW);
        }
        emitHeld(nameEnd, held.length);
        held.length = 0;
        holding = false;
        recording = false;
        pending = i;
    }

    /** The current tag turned out not to need holding: pass on what is held of it. */
    private void release() throws IOException {
        if (holding) {
            holding = false;
            if (held.length > 0) {
                emitHeld(0, held.length);
                held.length = 0;
            }
        }
    }

    private void hold(int from, int to) {
        if (to > from) {
            holdUnits(from, to, held.length);
            held.append(currentChunk, from, to);
        }
    }

    private void inject() throws IOException {
        injected = true;
        List<Markup> parts;
        try {
            parts = List.copyOf(policy.headInjectionParts());
        } catch (Exception e) {
            return;                            // fail without corrupting the page
        }
        for (Markup part : parts) {
            emitMarkup(part);
        }
    }
}
