package dev.consentkit.servlet.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartsTest {

    private static final List<SvgCharts.Series> SERIES = List.of(new SvgCharts.Series("accept <all>", "s0"), new SvgCharts.Series("reject", "s1"));

    @ParameterizedTest
    @CsvSource({"0, 4", "3, 4", "5, 8", "7, 8", "9, 12", "12, 20", "13, 20", "45, 60", "100, 100", "101, 200", "999, 1000"})
    void niceCeiling_isAtLeastTheMaximum_andSplitsIntoFourWholeSteps(long max, long expected) {
        assertThat(SvgCharts.niceCeiling(max)).isEqualTo(expected).isGreaterThanOrEqualTo(max);
        assertThat(expected % 4).isZero();
    }

    @Test
    void percent_ofNothing_isADash() {
        assertThat(SvgCharts.percent(1, 3)).isEqualTo("33%");
        assertThat(SvgCharts.percent(0, 0)).isEqualTo("–");
    }

    @Test
    void charts_escapeLabels_andAreLabelledForAssistiveTechnology() {
        String svg = SvgCharts.shareBars("x", "Per <page>", "desc & more", List.of("<script>"), List.of(new long[] {1, 1}), SERIES, "decisions");

        assertThat(svg).doesNotContain("<script>", "<page>", "accept <all>")
                .contains("role=\"img\"", "aria-labelledby=\"x-t x-d\"", "<title id=\"x-t\">Per &lt;page&gt;</title>", "desc &amp; more",
                        "&lt;script&gt;", "2 decisions");
    }

    @Test
    void stackedColumns_drawOnlyNonZeroSegments() {
        String svg = SvgCharts.stackedColumns("d", "Per day", "d", List.of("11-28", "11-29"), List.of(new long[] {0, 0}, new long[] {3, 1}), SERIES);

        assertThat(svg.split("<rect class=\"s0\"", -1)).hasSize(2 + 1); // one bar segment plus the legend swatch
        assertThat(svg).contains("11-29: 3 accept &lt;all&gt;", "11-29: 1 reject");
    }
}
