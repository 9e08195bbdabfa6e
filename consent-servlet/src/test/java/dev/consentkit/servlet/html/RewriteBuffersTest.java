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
        RewriteBuffers first = RewriteBuffers.borrow();
        RewriteBuffers second = RewriteBuffers.borrow();
        byte[] firstUnits = first.units();
        byte[] secondUnits = second.units();
        assertThat(secondUnits).isNotSameAs(firstUnits);

        first.giveBack();
        second.giveBack();                                   // the thread already has some: dropped

        assertThat(RewriteBuffers.borrow().units()).isSameAs(firstUnits);
        assertThat(RewriteBuffers.borrow().units()).isNotSameAs(firstUnits).isNotSameAs(secondUnits);
    }

    @Test
    void givenBackArraysAreClearedOversizedOnesAreNotKeptAndTheLenderRefusesAccess() {
        RewriteBuffers buffers = RewriteBuffers.borrow();
        buffers.insertBefore()[3] = "type=\"text/plain\" ";
        buffers.rename()[2] = 1;
        buffers.remove()[1] = true;
        byte[] units = buffers.units();
        buffers.giveBack();
        assertThatThrownBy(buffers::units).isInstanceOf(NullPointerException.class);

        RewriteBuffers again = RewriteBuffers.borrow();
        assertThat(again.units()).isSameAs(units);
        assertThat(again.insertBefore()).containsOnlyNulls();
        assertThat(again.rename()).containsOnly((byte) 0);
        assertThat(again.remove()).containsOnly(false);

        again.keepTagArrays(new byte[HeldTag.MAX_LENGTH], again.attributes());
        again.giveBack();
        assertThat(RewriteBuffers.borrow().units()).isNotSameAs(units).hasSizeLessThan(HeldTag.MAX_LENGTH);
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

    /** Records the sources the rewriter asks about, as the very strings it passes. */
    private static final class RecordingPolicy implements ElementPolicy {
        final java.util.List<String> sources = new java.util.ArrayList<>();

        @Override
        public String headInjection() {
            return "";
        }

        @Override
        public String categoryOf(String element, String src) {
            sources.add(src);
            return "marketing";
        }

        @Override
        public boolean isGranted(String categoryId) {
            return false;
        }
    }

    private static java.util.List<String> sourcesAsked(byte[] page, java.nio.charset.Charset charset) throws IOException {
        RecordingPolicy policy = new RecordingPolicy();
        RewritingOutputStream out = HtmlRewriter.rewriting(new ByteArrayOutputStream(), charset, policy);
        out.write(page);
        out.finish();
        return policy.sources;
    }

    @Test
    void aSourceSeenOnEveryPageIsDecodedOnceAndEveryOtherExactly() throws IOException {
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        java.util.List<String> first = sourcesAsked(page, StandardCharsets.UTF_8);
        java.util.List<String> second = sourcesAsked(page, StandardCharsets.UTF_8);

        assertThat(first).containsExactly("https://ads.example/track.js", "https://video.example/embed");
        assertThat(second.get(0)).isSameAs(first.get(0));
        assertThat(second.get(1)).isSameAs(first.get(1));

        java.util.Random random = new java.util.Random(5);
        for (int round = 0; round < 2_000; round++) {               // many sources through 16 slots: replaced, never confused
            String src = "https://cdn" + random.nextInt(40) + ".example/" + "x".repeat(random.nextInt(3)) + ".js";
            String html = "<html><head></head><body><script src=\"" + src + "\"></script></body></html>";
            assertThat(sourcesAsked(html.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).containsExactly(src);
        }
    }

    @Test
    void theSameBytesInAnotherCharsetAreDecodedAgain() throws IOException {
        byte[] page = "<html><head></head><body><script src=\"https://caf\u00e9.example/a.js\"></script></body></html>"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(sourcesAsked(page, StandardCharsets.UTF_8)).containsExactly("https://caf\u00e9.example/a.js");
        assertThat(sourcesAsked(page, StandardCharsets.ISO_8859_1)).containsExactly("https://caf\u00c3\u00a9.example/a.js");
        assertThat(sourcesAsked(page, StandardCharsets.UTF_8)).containsExactly("https://caf\u00e9.example/a.js");
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
