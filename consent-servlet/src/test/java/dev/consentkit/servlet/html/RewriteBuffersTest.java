package dev.consentkit.servlet.html;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-thread arrays rewriters borrow: a finished rewriter's arrays serve the next one on
 * the thread, and no rewriter ever works in arrays another one still uses.
 */
class RewriteBuffersTest {

    private static final String PAGE = "<!doctype html><html><head><title>t</title></head><body>"
            + "<script src=\"https://ads.example/track.js\" async data-x=\"1\"></script>"
            + "<iframe src=\"https://video.example/embed\" title=\"v\"></iframe><p>text</p></body></html>";

    private static String rewrite(String page, int piece) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        RewritingOutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, TestPolicy.standard());
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += piece) {
            out.write(bytes, at, Math.min(piece, bytes.length - at));
        }
        out.finish();
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFinishedRewritersArraysAreLentToTheNextOneOnTheThread() {
        Object[] first = RewriteBuffers.borrow(HeldTag.stride(), ElementRules.kinds());
        Object[] second = RewriteBuffers.borrow(HeldTag.stride(), ElementRules.kinds());
        assertThat(second).isNotSameAs(first);

        RewriteBuffers.giveBack(first, HeldTag.stride());
        RewriteBuffers.giveBack(second, HeldTag.stride());           // the thread already has some: dropped

        assertThat(RewriteBuffers.borrow(HeldTag.stride(), ElementRules.kinds())).isSameAs(first);
        assertThat(RewriteBuffers.borrow(HeldTag.stride(), ElementRules.kinds())).isNotSameAs(first).isNotSameAs(second);
    }

    @Test
    void givenBackArraysAreClearedAndOversizedOnesAreNotKept() {
        Object[] buffers = RewriteBuffers.borrow(HeldTag.stride(), ElementRules.kinds());
        ((String[]) buffers[RewriteBuffers.INSERT_BEFORE])[3] = "type=\"text/plain\" ";
        ((byte[]) buffers[RewriteBuffers.RENAME])[2] = 1;
        ((boolean[]) buffers[RewriteBuffers.REMOVE])[1] = true;
        RewriteBuffers.giveBack(buffers, HeldTag.stride());

        Object[] again = RewriteBuffers.borrow(HeldTag.stride(), ElementRules.kinds());
        assertThat(again).isSameAs(buffers);
        assertThat((String[]) again[RewriteBuffers.INSERT_BEFORE]).containsOnlyNulls();
        assertThat((byte[]) again[RewriteBuffers.RENAME]).containsOnly((byte) 0);
        assertThat((boolean[]) again[RewriteBuffers.REMOVE]).containsOnly(false);

        again[RewriteBuffers.UNITS] = new byte[HeldTag.MAX_LENGTH];
        RewriteBuffers.giveBack(again, HeldTag.stride());
        assertThat(RewriteBuffers.borrow(HeldTag.stride(), ElementRules.kinds())).isNotSameAs(again);
    }

    @Test
    void pagesRewrittenOneAfterAnotherOnAThreadAreEachRewrittenAlone() throws IOException {
        String expected = HtmlRewriter.rewrite(PAGE, TestPolicy.standard());
        String longTag = "<html><head></head><body><script src=\"https://ads.example/a.js\""
                + " data-a=\"x\"".repeat(300) + "></script></body></html>";     // grows the arrays past what is kept
        String longExpected = HtmlRewriter.rewrite(longTag, TestPolicy.standard());

        for (int round = 0; round < 20; round++) {
            assertThat(rewrite(PAGE, 1 + round % 7)).isEqualTo(expected);
            assertThat(rewrite(longTag, 5 + round)).isEqualTo(longExpected);
        }
    }

    @Test
    void aRewriterHoldingATagDoesNotShareItsArraysWithOneMadeMeanwhile() throws IOException {
        String expected = HtmlRewriter.rewrite(PAGE, TestPolicy.standard());
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        int split = PAGE.indexOf("ads.example");                     // inside the script tag: it is held

        ByteArrayOutputStream firstSink = new ByteArrayOutputStream();
        RewritingOutputStream first = HtmlRewriter.rewriting(firstSink, StandardCharsets.UTF_8, TestPolicy.standard());
        first.write(page, 0, split);
        String other = "<html><head></head><body><script src=\"https://elsewhere.example/x.js\"></script></body></html>";
        assertThat(rewrite(other, 3)).isEqualTo(HtmlRewriter.rewrite(other, TestPolicy.standard()));   // borrows and gives back
        assertThat(rewrite(PAGE, 2)).isEqualTo(expected);           // reuses what the other gave back
        first.write(page, split, page.length - split);
        first.finish();

        assertThat(firstSink.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void aFinishedRewriterRefusesWritesInsteadOfTouchingLentArrays() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        RewritingOutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, TestPolicy.standard());
        out.write(PAGE.getBytes(StandardCharsets.UTF_8));
        out.finish();

        assertThatThrownBy(() -> out.write(new byte[] {'<', 'p'})).isInstanceOf(IOException.class);
        assertThat(out.heldCapacity()).isZero();
    }
}
