package org.nn4j.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.nn4j.analysis.ErrorAnalysis;
import org.nn4j.data.Dataset;

/**
 * A PNG grid of image samples, each under a caption line of true and predicted class: for looking at a model's
 * worst mistakes. Samples are square grey-scale images (28×28 for Fashion-MNIST, values in [0, 1]), drawn
 * enlarged without smoothing so each pixel stays visible.
 */
public final class ImageGrid {
    private static final int SCALE = 3;
    private static final int COLUMNS = 6;
    private static final int CAPTION = 30;

    private ImageGrid() {
    }

    /** The side of a square image of {@code features} pixels, or 0 when the samples are not square images. */
    public static int side(int features) {
        int s = (int) Math.round(Math.sqrt(features));
        return s * s == features && s >= 8 ? s : 0;
    }

    /** The mistakes as a grid of their images (raw, unscaled features) with "true → predicted" captions. */
    public static byte[] of(Dataset raw, List<ErrorAnalysis.Mistake> mistakes, List<String> names) {
        int side = side(raw.numFeatures());
        if (side == 0) {
            throw new IllegalArgumentException("an image grid needs square images; samples have " + raw.numFeatures()
                    + " features");
        }
        int cell = side * SCALE;
        int cellWidth = Math.max(cell, 150);
        int rows = Math.max(1, (mistakes.size() + COLUMNS - 1) / COLUMNS);
        BufferedImage img = new BufferedImage(COLUMNS * cellWidth, rows * (cell + CAPTION), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        float[] x = raw.features();
        float max = 0;
        for (float v : x) {
            max = Math.max(max, v);
        }
        float scale = max > 1 ? 255f / max : 255f;
        for (int n = 0; n < mistakes.size(); n++) {
            ErrorAnalysis.Mistake m = mistakes.get(n);
            int left = (n % COLUMNS) * cellWidth + (cellWidth - cell) / 2;
            int top = (n / COLUMNS) * (cell + CAPTION);
            int base = m.index() * raw.numFeatures();
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    int v = Math.min(255, Math.max(0, Math.round(x[base + r * side + c] * scale)));
                    g.setColor(new Color(255 - v, 255 - v, 255 - v));
                    g.fillRect(left + c * SCALE, top + r * SCALE, SCALE, SCALE);
                }
            }
            int textLeft = (n % COLUMNS) * cellWidth + 4;
            g.setColor(new Color(0x1B5E20));
            g.drawString("true: " + names.get(m.actual()), textLeft, top + cell + 12);
            g.setColor(new Color(0xB71C1C));
            g.drawString(String.format(java.util.Locale.ROOT, "said: %s (%.0f%%)", names.get(m.predicted()),
                    100 * m.confidence()), textLeft, top + cell + 25);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image grid as PNG", e);
        }
        return out.toByteArray();
    }
}
