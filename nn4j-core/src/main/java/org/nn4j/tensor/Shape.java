package org.nn4j.tensor;

import java.util.List;

/**
 * The shape of one sample as it flows through a model: {@code (features)} for a vector, or {@code (C, H, W)} for
 * an image of C channels of H × W pixels. A batch of m samples is always a {@code size() × m} tensor (feature-major:
 * column j is sample j); an image's rows are ordered channel by channel, then row by row, as PyTorch's
 * {@code reshape} flattens (C, H, W), so that element (c, h, w) of sample j is row {@code (c·H + h)·W + w}.
 *
 * @param dims the extent of each axis: one for features, three for channels, height and width
 */
public record Shape(List<Integer> dims) {
    public Shape {
        if (dims == null || (dims.size() != 1 && dims.size() != 3)) {
            throw new IllegalArgumentException("a sample shape is (features) or (channels, height, width), got "
                    + dims);
        }
        dims = List.copyOf(dims);
        long size = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("every extent of a shape must be positive, got " + dims);
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a sample of shape " + dims + " is too large");
        }
    }

    /** {@code (n)}: a vector of n features. */
    public static Shape features(int n) {
        return new Shape(List.of(n));
    }

    /** {@code (channels, height, width)}: an image. */
    public static Shape image(int channels, int height, int width) {
        return new Shape(List.of(channels, height, width));
    }

    /**
     * Reads {@code n} or {@code C,H,W} (also {@code C×H×W} or {@code CxHxW}), as the command line writes a shape.
     */
    public static Shape parse(String text) {
        String[] parts = text.trim().split("\\s*[,x×]\\s*");
        if (parts.length != 1 && parts.length != 3) {
            throw new IllegalArgumentException("a shape is N or C,H,W, got '" + text + "'");
        }
        Integer[] dims = new Integer[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a shape is N or C,H,W of positive integers, got '" + text + "'", e);
            }
        }
        return new Shape(List.of(dims));
    }

    /** True for {@code (C, H, W)}. */
    public boolean isImage() {
        return dims.size() == 3;
    }

    /** The number of values of one sample: the product of the extents. */
    public int size() {
        return isImage() ? dims.get(0) * dims.get(1) * dims.get(2) : dims.get(0);  // no iterator: called per batch
    }

    /** C of an image; the feature count of a vector. */
    public int channels() {
        return dims.get(0);
    }

    /** H of an image (1 for a vector). */
    public int height() {
        return isImage() ? dims.get(1) : 1;
    }

    /** W of an image (1 for a vector). */
    public int width() {
        return isImage() ? dims.get(2) : 1;
    }

    /** H·W: the pixels of one channel (1 for a vector). */
    public int pixels() {
        return height() * width();
    }

    /** {@code (256)} or {@code (6, 28, 28)}. */
    @Override
    public String toString() {
        return isImage() ? "(" + dims.get(0) + ", " + dims.get(1) + ", " + dims.get(2) + ")" : "(" + dims.get(0) + ")";
    }
}
