package org.nn4j.layers;

import java.util.Locale;

/**
 * How a convolution pads its input with zeros: {@code valid} (none: the window stays inside the image, so the
 * output shrinks by kernel − 1), {@code same} (enough that the output has ⌈input / stride⌉ positions, split as
 * TensorFlow and Keras do, the odd pixel at the bottom and right), or an explicit number of rows and columns added
 * on each side (PyTorch's {@code padding=(ph, pw)}).
 *
 * @param mode   {@code valid}, {@code same} or {@code explicit}
 * @param height for {@code explicit}: rows of zeros above and below; 0 otherwise
 * @param width  for {@code explicit}: columns of zeros left and right; 0 otherwise
 */
public record Padding(String mode, int height, int width) {
    /** No padding. */
    public static final Padding VALID = new Padding("valid", 0, 0);
    /** Output size ⌈input / stride⌉. */
    public static final Padding SAME = new Padding("same", 0, 0);

    /** Checks the mode and the explicit sizes. */
    public Padding {
        if (!mode.equals("valid") && !mode.equals("same") && !mode.equals("explicit")) {
            throw new IllegalArgumentException("padding is valid, same or explicit, got '" + mode + "'");
        }
        if (height < 0 || width < 0 || (!mode.equals("explicit") && (height != 0 || width != 0))) {
            throw new IllegalArgumentException("explicit padding needs sizes ≥ 0, and valid or same none; got "
                    + mode + " " + height + "," + width);
        }
    }

    /** {@code p} rows and columns of zeros on every side. */
    public static Padding of(int p) {
        return new Padding("explicit", p, p);
    }

    /** Reads {@code valid}, {@code same}, {@code P} or {@code PH,PW}. */
    public static Padding parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("valid") || s.equals("same")) {
            return s.equals("valid") ? VALID : SAME;
        }
        String[] parts = s.split("\\s*[,x×]\\s*");
        try {
            if (parts.length == 1) {
                return of(Integer.parseInt(parts[0]));
            }
            if (parts.length == 2) {
                return new Padding("explicit", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("padding is valid, same, P or PH,PW, got '" + text + "'", e);
        }
        throw new IllegalArgumentException("padding is valid, same, P or PH,PW, got '" + text + "'");
    }

    /**
     * The zeros before the first pixel along an axis of {@code size} pixels, for a kernel of {@code kernel} and a
     * stride of {@code stride}; {@code axis} 0 is the height, 1 the width.
     */
    int before(int size, int kernel, int stride, int axis) {
        return switch (mode) {
            case "valid" -> 0;
            case "same" -> Math.max(0, (ceilDiv(size, stride) - 1) * stride + kernel - size) / 2;
            default -> axis == 0 ? height : width;
        };
    }

    /** The number of output positions along an axis, as {@link #before} pads it; may be ≤ 0 for too small an input. */
    int outputs(int size, int kernel, int stride, int axis) {
        return switch (mode) {
            case "same" -> ceilDiv(size, stride);
            case "valid" -> size < kernel ? 0 : (size - kernel) / stride + 1;
            default -> {
                int padded = size + 2 * (axis == 0 ? height : width);
                yield padded < kernel ? 0 : (padded - kernel) / stride + 1;
            }
        };
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** {@code valid}, {@code same}, {@code P} or {@code PH,PW}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return mode.equals("explicit") ? height == width ? Integer.toString(height) : height + "," + width : mode;
    }
}
