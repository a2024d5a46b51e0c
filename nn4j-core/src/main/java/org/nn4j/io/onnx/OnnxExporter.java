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
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Layer;
import org.nn4j.layers.LayerConfig;
import org.nn4j.layers.Parameter;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/**
 * Writes a model as ONNX (https://onnx.ai), for ONNX Runtime, TensorRT, OpenVINO and the rest. The graph takes
 * {@code input} [N, inputs] — raw features, sample-major as ONNX has it — and gives {@code output} [N, outputs], the
 * same probabilities (or regression outputs) as {@link Sequential#predict}. The model's input scaling, if any,
 * becomes the first two nodes, (x − offset)·scale. Each layer then adds its own nodes: a dense layer is a Gemm
 * (Y = X·Wᵀ + b, nn4j's W being units × inputs, so transB = 1) and its activation's operator; batch
 * normalisation is BatchNormalization with the running statistics (inference mode, as {@code predict} runs it);
 * dropout, the identity at inference, is Identity. Float32 models export as FLOAT, float64 as DOUBLE.
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
        if (scaler != null && !scaler.kind().equals("none")) {
            int d = scaler.numFeatures();
            String offset = g.constant("scaler.offset", Tensor.wrap(scaler.offset(), d, 1), d);
            String scale = g.constant("scaler.scale", Tensor.wrap(scaler.scale(), d, 1), d);
            x = g.node("Mul", "scaled", List.of(g.node("Sub", "centred", List.of(x, offset)), scale));
        }
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            x = layer(layers.get(i), "layers." + i, x, g);
        }
        return g.model(model.inputSize(), x, model.outputSize(), Version.current(),
                "exported by nn4j " + Version.current() + "; trained with loss " + model.loss().name());
    }

    /**
     * The nodes of one layer, reading value {@code x}; returns the name of its output. The layer says what it is
     * through its settings ({@link Layer#config}); layers on images are refused for now.
     */
    private static String layer(Layer layer, String name, String x, OnnxGraph g) {
        LayerConfig kind = layer.inputShape().isImage() ? null : layer.config();
        if (kind instanceof Dense.Config) {
            return dense(layer, name, x, g);
        }
        if (kind instanceof ActivationLayer.Config) {
            return activation(layer.activation(), name, x, g);
        }
        if (kind instanceof BatchNorm.Config settings) {
            return batchNorm(layer, settings, name, x, g);
        }
        if (kind instanceof Dropout.Config) {
            return g.node("Identity", name, List.of(x));
        }
        throw new IllegalArgumentException(name + " (" + layer.describe() + ") has no ONNX form in this nn4j");
    }

    private static String dense(Layer dense, String name, String x, OnnxGraph g) {
        Tensor w = dense.parameters().get(0).value();
        Tensor b = dense.parameters().get(1).value();
        String weights = g.constant(name + ".W", w, w.rows(), w.cols());
        String bias = g.constant(name + ".b", b, b.rows());
        String z = g.node("Gemm", name + ".z", List.of(x, weights, bias), OnnxGraph.Attribute.of("transB", 1L));
        return activation(dense.activation(), name + ".a", z, g);
    }

    /** BatchNormalization(X, scale γ, B β, mean, var) with the layer's ε; each a vector of the layer's width. */
    private static String batchNorm(Layer norm, BatchNorm.Config settings, String name, String x, OnnxGraph g) {
        List<String> inputs = new ArrayList<>(List.of(x));
        for (List<Parameter> group : List.of(norm.parameters(), norm.state())) {
            for (Parameter p : group) {
                inputs.add(g.constant(name + "." + p.name(), p.value(), p.rows()));
            }
        }
        return g.node("BatchNormalization", name, inputs,
                OnnxGraph.Attribute.of("epsilon", (float) settings.epsilon()));
    }

    /** The operator of each activation; linear adds no node. */
    private static String activation(Activation f, String name, String z, OnnxGraph g) {
        String kind = f.name().contains(":") ? f.name().substring(0, f.name().indexOf(':')) : f.name();
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
