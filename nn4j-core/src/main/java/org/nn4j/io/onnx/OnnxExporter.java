package org.nn4j.io.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nn4j.Version;
import org.nn4j.activations.Activation;
import org.nn4j.data.FittedScaler;
import org.nn4j.io.AtomicFile;
import org.nn4j.io.SavedModel;
import org.nn4j.layers.ActivationLayer;
import org.nn4j.layers.AvgPool2D;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.GlobalAveragePooling2D;
import org.nn4j.layers.Layer;
import org.nn4j.layers.LayerVisitor;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.Parameter;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/**
 * Writes a model as ONNX (https://onnx.ai), for ONNX Runtime, TensorRT, OpenVINO and the rest. The graph takes
 * {@code input} — raw features, sample-major as ONNX has it: [N, inputs] for a model of vectors, [N, C, H, W] for
 * a model of images — and gives {@code output} [N, outputs], the same probabilities (or regression outputs) as
 * {@link Sequential#predict}. The model's input scaling, if any, becomes the first two nodes, (x − offset)·scale.
 * Each layer then adds its own nodes, one method per kind of layer ({@link LayerVisitor}):
 * <ul>
 *   <li>dense: Gemm (Y = X·Wᵀ + b, nn4j's W being units × inputs, so transB = 1), after a Flatten if it reads an
 *       image, then its activation's operator;</li>
 *   <li>Conv2D: Conv with W as [F, C, kh, kw] (nn4j's F × C·kh·kw row-major is that array), strides and pads;</li>
 *   <li>MaxPool2D, AvgPool2D: MaxPool, AveragePool (with count_include_pad, as nn4j and PyTorch count padding);
 *       GlobalAveragePooling2D: GlobalAveragePool then Flatten to [N, C]; Flatten: Flatten;</li>
 *   <li>batch normalisation: BatchNormalization with the running statistics (inference mode, as {@code predict}
 *       runs it), per feature on [N, F] and per channel on [N, C, H, W];</li>
 *   <li>an activation layer: its operator; dropout, the identity at inference: no node.</li>
 * </ul>
 * Nothing is permuted: nn4j lays an image out channel by channel, row by row, as NCHW does, so the values a Flatten
 * hands on are in the same order on both sides. Float32 models export as FLOAT, float64 as DOUBLE.
 */
public final class OnnxExporter {
    private OnnxExporter() {
    }

    /** Writes {@code saved}'s model, with its input scaling, to {@code file} atomically. */
    public static void export(SavedModel saved, Path file) throws IOException {
        AtomicFile.write(file, toBytes(saved.model(), saved.scaler()));
    }

    /** The ONNX ModelProto of {@code model}; {@code scaler} may be null for unscaled inputs. */
    public static byte[] toBytes(Sequential model, FittedScaler scaler) {
        OnnxGraph g = new OnnxGraph(model.dtype());
        String x = OnnxGraph.INPUT;
        List<Integer> inputDims = model.inputShape().dims();
        if (scaler != null && !scaler.kind().equals("none")) {
            int d = scaler.numFeatures();
            long[] dims = inputDims.stream().mapToLong(Integer::longValue).toArray();
            String offset = g.constant("scaler.offset", Tensor.wrap(scaler.offset(), d, 1), dims);
            String scale = g.constant("scaler.scale", Tensor.wrap(scaler.scale(), d, 1), dims);
            x = g.node("Mul", "scaled", List.of(g.node("Sub", "centred", List.of(x, offset)), scale));
        }
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).accept(new Nodes("layers." + i, x, g));
        }
        if (layers.get(layers.size() - 1).outputShape().isImage()) {
            x = g.node("Flatten", "flat", List.of(x), OnnxGraph.Attribute.of("axis", 1L));
        }
        return g.model(inputDims, x, model.outputSize(), Version.current(),
                "exported by nn4j " + Version.current() + "; trained with loss " + model.loss().name());
    }

    /** The nodes of one layer named {@code name}, reading value {@code x}; each visit returns its output's name. */
    private record Nodes(String name, String x, OnnxGraph g) implements LayerVisitor<String> {
        @Override
        public String dense(Dense layer) {
            String in = layer.inputShape().isImage() ? flat(name + ".flat", x) : x;
            Tensor w = layer.parameters().get(0).value();
            Tensor b = layer.parameters().get(1).value();
            String weights = g.constant(name + ".W", w, w.rows(), w.cols());
            String bias = g.constant(name + ".b", b, b.rows());
            String z = g.node("Gemm", name + ".z", List.of(in, weights, bias), OnnxGraph.Attribute.of("transB", 1L));
            return OnnxExporter.activation(layer.activation(), name + ".a", z, false, g);
        }

        /** Conv(X, W [F, C, kh, kw], B [F]) with the layer's kernel, strides and pads. */
        @Override
        public String conv2D(Conv2D layer) {
            Conv2D.Config c = layer.config();
            List<String> inputs = new ArrayList<>(List.of(x));
            Tensor w = layer.parameters().get(0).value();
            inputs.add(g.constant(name + ".W", w, c.filters(), layer.inputShape().channels(), c.kernelHeight(),
                    c.kernelWidth()));
            if (c.bias()) {
                inputs.add(g.constant(name + ".b", layer.parameters().get(1).value(), c.filters()));
            }
            return g.node("Conv", name, inputs, window(c.kernelHeight(), c.kernelWidth()),
                    OnnxGraph.Attribute.ints("strides", c.strideHeight(), c.strideWidth()),
                    OnnxGraph.Attribute.ints("pads", layer.pads()));
        }

        @Override
        public String maxPool2D(MaxPool2D layer) {
            return g.node("MaxPool", name, List.of(x), window(layer.window(), layer.window()),
                    OnnxGraph.Attribute.ints("strides", layer.stride(), layer.stride()),
                    OnnxGraph.Attribute.ints("pads", layer.pads()));
        }

        @Override
        public String avgPool2D(AvgPool2D layer) {
            return g.node("AveragePool", name, List.of(x), window(layer.window(), layer.window()),
                    OnnxGraph.Attribute.ints("strides", layer.stride(), layer.stride()),
                    OnnxGraph.Attribute.ints("pads", layer.pads()), OnnxGraph.Attribute.of("count_include_pad", 1L));
        }

        /** GlobalAveragePool gives [N, C, 1, 1]; nn4j's layer gives a vector of C features. */
        @Override
        public String globalAveragePooling2D(GlobalAveragePooling2D layer) {
            return flat(name, g.node("GlobalAveragePool", name + ".mean", List.of(x)));
        }

        @Override
        public String flatten(Flatten layer) {
            return flat(name, x);
        }

        /** BatchNormalization(X, scale γ, B β, mean, var) with the layer's ε; each a vector of its channels. */
        @Override
        public String batchNorm(BatchNorm layer) {
            List<String> inputs = new ArrayList<>(List.of(x));
            for (List<Parameter> group : List.of(layer.parameters(), layer.state())) {
                for (Parameter p : group) {
                    inputs.add(g.constant(name + "." + p.name(), p.value(), p.rows()));
                }
            }
            return g.node("BatchNormalization", name, inputs,
                    OnnxGraph.Attribute.of("epsilon", (float) layer.config().epsilon()));
        }

        @Override
        public String activation(ActivationLayer layer) {
            return OnnxExporter.activation(layer.activation(), name, x, layer.inputShape().isImage(), g);
        }

        /** Dropout is the identity at inference, so it adds no node. */
        @Override
        public String dropout(Dropout layer) {
            return x;
        }

        @Override
        public String other(Layer layer) {
            throw new IllegalArgumentException(name + " (" + layer.describe() + ") has no ONNX form in this nn4j");
        }

        private String flat(String node, String value) {
            return g.node("Flatten", node, List.of(value), OnnxGraph.Attribute.of("axis", 1L));
        }

        private static OnnxGraph.Attribute window(int height, int width) {
            return OnnxGraph.Attribute.ints("kernel_shape", height, width);
        }
    }

    /**
     * The operator of each activation; linear adds no node. Softmax normalises over a sample's whole vector in nn4j,
     * which on an image ({@code image}) is no ONNX axis: refused, naming the fix.
     */
    private static String activation(Activation f, String name, String z, boolean image, OnnxGraph g) {
        String kind = f.name().contains(":") ? f.name().substring(0, f.name().indexOf(':')) : f.name();
        if (image && kind.equals("softmax")) {
            throw new IllegalArgumentException(name + ": a softmax over a whole image has no ONNX form in this nn4j "
                    + "(put a Flatten before it)");
        }
        return switch (kind) {
            case "linear" -> z;
            case "relu" -> g.node("Relu", name, List.of(z));
            case "sigmoid" -> g.node("Sigmoid", name, List.of(z));
            case "tanh" -> g.node("Tanh", name, List.of(z));
            case "softmax" -> g.node("Softmax", name, List.of(z), OnnxGraph.Attribute.of("axis", 1L));
            case "leaky_relu" -> leakyRelu(slopeBelowZero(f), name, z, g);
            default -> throw new IllegalArgumentException("activation " + f.name() + " has no ONNX form in this nn4j");
        };
    }

    /**
     * LeakyRelu for float32. ONNX Runtime has no float64 LeakyRelu kernel, so float64 graphs use the identity
     * max(z, α·z), exact for the slopes nn4j allows (0 ≤ α &lt; 1).
     */
    private static String leakyRelu(double alpha, String name, String z, OnnxGraph g) {
        if (g.dtype() == DType.F32) {
            return g.node("LeakyRelu", name, List.of(z), OnnxGraph.Attribute.of("alpha", (float) alpha));
        }
        String slope = g.constant(name + ".alpha", Tensor.of(DType.F64, 1, 1, alpha));
        return g.node("Max", name, List.of(z, g.node("Mul", name + ".scaled", List.of(z, slope))));
    }

    /** A leaky ReLU's α, read off the function itself: g(−1) = −α exactly. */
    private static double slopeBelowZero(Activation f) {
        Tensor minusOne = Tensor.of(DType.F64, 1, 1, -1);
        Tensor out = Tensor.zeros(DType.F64, 1, 1);
        f.forward(minusOne, out);
        return -out.getFlat(0);
    }
}
