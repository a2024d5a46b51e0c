package org.nn4j.layers;

import static org.nn4j.layers.Equation.at;
import static org.nn4j.layers.Equation.shape;

import java.util.List;
import java.util.Locale;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * What the pooling layers share: a square window sliding over each channel of an image (C, H, W) with a stride
 * (default: the window, so windows tile the image) and optional padding, giving (C, OH, OW) with
 * OH = ⌊(H + 2p − k) / s⌋ + 1 as in PyTorch. No parameters; {@link MaxPool2D} and {@link AvgPool2D} say what a
 * window gives and how its gradient goes back.
 */
public abstract class Pooling2D implements Layer {
    private final String name;
    private final String reduction;
    private final int window;
    private final int stride;
    private final Padding padding;
    /** The window's geometry, fixed by {@link #build}. */
    Window geometry;
    /** The kernels of the model's element type. */
    ConvKernels kernels;
    /** The element type. */
    DType dtype;
    /** The shapes of one input and one output sample, fixed by {@link #build}. */
    private Shape inputShape;
    private Shape outputShape;
    /** The input of the last forward pass. */
    Tensor input;
    /** The output of the last forward pass. */
    Tensor out;
    /** The input gradient of the last backward pass. */
    Tensor dInput;
    /** Four workspaces of m values, each an array of its own (see {@link ConvKernels}). */
    private final Tensor[] runs = new Tensor[4];

    /** {@code name}: max or avg; {@code reduction}: what a window gives, for explanations. */
    Pooling2D(String name, String reduction, int window, int stride, Padding padding) {
        new Config(name, window, stride, padding.toString());
        this.name = name;
        this.reduction = reduction;
        this.window = window;
        this.stride = stride;
        this.padding = padding;
    }


    /** The workspaces, each of m values. */
    Tensor[] runs(int m) {
        for (int i = 0; i < runs.length; i++) {
            runs[i] = Tensor.reuse(runs[i], dtype, 1, m);
        }
        return runs;
    }

    /** out = the pooled x; {@code out} has the output's shape. */
    abstract void pool(Tensor x, int m);

    /** dInput = the gradient of the input from dy; {@code dInput} has the input's shape. */
    abstract void poolBackward(Tensor dy, int m);


    @Override
    public Shape build(Shape input, DType dtype) {
        if (geometry != null) {
            throw new IllegalStateException("this " + describe() + " layer already belongs to a model");
        }
        geometry = geometry(input);
        inputShape = input;
        outputShape = output(geometry);
        this.dtype = dtype;
        this.kernels = ConvKernels.of(dtype);
        return outputShape();
    }

    /** Where the window reads {@code input}. */
    Window geometry(Shape input) {
        return Window.of(describe(), input, window, window, stride, stride, padding);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        requireInput(x);
        input = x;
        out = Tensor.reuse(out, dtype, outputSize(), x.cols());
        pool(x, x.cols());
        return out;
    }

    @Override
    public Tensor backward(Tensor dA, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        dInput = Tensor.reuse(dInput, dtype, inputSize(), dA.cols());
        poolBackward(dA, dA.cols());
        return dInput;
    }

    @Override
    public List<Equation> forwardEquations(int l, int m) {
        return List.of(new Equation(at("A", l) + " = " + name + "pool(" + at("A", l - 1) + ")",
                inputShape() + "×m → " + outputShape() + "×m = " + shape(outputSize(), m), "each " + window + "×"
                + window + " window (stride " + stride + ", padding " + padding + ") of each channel gives "
                + reduction, out != null && out.cols() == m ? out : null));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return outputShape;
    }

    /** The shape of one output sample: (C, OH, OW). */
    Shape output(Window w) {
        return Shape.image(w.channels(), w.outHeight(), w.outWidth());
    }

    /** The side of the square window. */
    public int window() {
        return window;
    }

    /** The step between windows, along both axes. */
    public int stride() {
        return stride;
    }

    /**
     * The zeros the windows read beyond each edge of the image, {top, left, bottom, right} (ONNX's {@code pads});
     * only once the layer is built.
     */
    public int[] pads() {
        return geometry.pads();
    }

    @Override
    public LayerConfig config() {
        return new Config(name, window, stride, padding.toString());
    }

    @Override
    public String describe() {
        String kind = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        return kind + "Pool2D(" + window + (stride == window ? "" : ", stride " + stride)
                + (padding.equals(Padding.VALID) ? "" : ", padding " + padding) + ")";
    }

    /**
     * The settings of a pooling layer: {@code kind} {@code max} or {@code avg}, the window's side, the stride and
     * the padding ({@code valid} or explicit, as {@link Padding#parse} reads it).
     *
     * @param kind    {@code max} or {@code avg}
     * @param window  the side k of the k × k window
     * @param stride  the step between windows
     * @param padding {@code valid} or the zeros on each side, at most half the window
     */
    public record Config(String kind, int window, int stride, String padding) implements LayerConfig {
        /** Checks every setting. */
        public Config {
            if (!kind.equals("max") && !kind.equals("avg")) {
                throw new IllegalArgumentException("pooling is max or avg, got '" + kind + "'");
            }
            if (window <= 0 || stride <= 0) {
                throw new IllegalArgumentException("pooling needs a positive window and stride, got " + window
                        + " and " + stride);
            }
            Padding p = Padding.parse(padding);
            if (p.height() * 2 > window || p.width() * 2 > window) {
                throw new IllegalArgumentException("pooling padding must be at most half the window (" + window
                        + "), got " + padding);
            }
        }

        /** A fresh layer with these settings. */
        @Override
        public Pooling2D create() {
            Padding p = Padding.parse(padding);
            return kind.equals("max") ? new MaxPool2D(window, stride, p) : new AvgPool2D(window, stride, p);
        }
    }

    /** {@link #describe()}, for logs and {@code Sequential.toString}. */
    @Override
    public String toString() {
        return describe();
    }
}
