package dev.courier.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * The report as a picture, drawn by JFreeChart: on the left each rate against its same-run reference, on the right
 * every latency distribution as its percentiles. SVG or PNG, by the file's extension.
 */
public final class BenchChart {

    private static final int WIDTH = 1400;
    private static final int HEIGHT = 560;

    private BenchChart() {
    }

    public static void write(BenchReport report, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".svg") && !name.endsWith(".png")) {
            throw new IllegalArgumentException("--chart " + file + ": the file name must end in .svg or .png");
        }
        System.setProperty("java.awt.headless", "true"); // no display on a server; set before the first AWT call
        JFreeChart rates = rates(report);
        JFreeChart latencies = latencies(report);
        if (name.endsWith(".svg")) {
            SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
            draw(g, rates, latencies);
            SVGUtils.writeToSVG(file.toFile(), g.getSVGElement());
        } else {
            BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            draw(g, rates, latencies);
            g.dispose();
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(image, "png", file.toFile());
        }
    }

    private static void draw(Graphics2D g, JFreeChart left, JFreeChart right) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        left.draw(g, new Rectangle2D.Double(0, 0, WIDTH / 2.0, HEIGHT));
        right.draw(g, new Rectangle2D.Double(WIDTH / 2.0, 0, WIDTH / 2.0, HEIGHT));
    }

    // JFreeChart's default series colours include a pale yellow that vanishes on white: a palette that reads in print.
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf)};

    /** Ticks at powers of ten, labelled as plain numbers (1,000 rather than 10^3.0). */
    private static LogAxis logAxis(String label, double smallest, String format) {
        LogAxis axis = new LogAxis(label);
        axis.setSmallestValue(smallest);
        axis.setTickUnit(new NumberTickUnit(1.0), false, false); // one tick per power of ten (the unit is an exponent)
        axis.setAutoTickUnitSelection(false);
        axis.setNumberFormatOverride(new DecimalFormat(format, DecimalFormatSymbols.getInstance(Locale.ROOT)));
        return axis;
    }

    /** Every per-second figure next to its reference, on a log axis: rates of different components differ tenfold. */
    static JFreeChart rates(BenchReport report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (PhaseResult p : report.phases()) {
            for (Figure f : p.figures()) {
                if (f.unit().endsWith("/s")) {
                    String category = p.phase() + ": " + f.name();
                    data.addValue(f.value(), "Courier", category);
                    data.addValue(f.referenceValue(), "reference (same run)", category);
                }
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Throughput against the same-run reference", null,
                "per second (log scale)", data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRangeAxis(logAxis("per second (log scale)", 1, "#,##0"));
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.4f);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, PALETTE[0]);
        bars.setSeriesPaint(1, Color.GRAY);
        return chart;
    }

    /** Each distribution's percentiles (p50 to max), so a tail shows as a line climbing to the right. */
    static JFreeChart latencies(BenchReport report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String[] labels = {"p50", "p90", "p99", "p99.9"};
        for (PhaseResult p : report.phases()) {
            for (Distribution d : p.latencies()) {
                if (d.count() == 0) {
                    continue;
                }
                String series = p.phase() + ": " + d.name();
                for (int i = 0; i < labels.length; i++) {
                    data.addValue(d.quantile(BenchReport.QUANTILES[i]), series, labels[i]);
                }
                data.addValue(d.quantile(1.0), series, "max");
            }
        }
        JFreeChart chart = ChartFactory.createLineChart("Latency distribution", "percentile", "milliseconds (log scale)",
                data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRangeAxis(logAxis("milliseconds (log scale)", 0.1, "#,##0.#"));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        LineAndShapeRenderer lines = (LineAndShapeRenderer) plot.getRenderer();
        lines.setDefaultShapesVisible(true);
        for (int i = 0; i < data.getRowCount(); i++) {
            lines.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            lines.setSeriesStroke(i, new BasicStroke(2f));
        }
        return chart;
    }
}
