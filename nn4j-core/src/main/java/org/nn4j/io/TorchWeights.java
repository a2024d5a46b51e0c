package org.nn4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nn4j.layers.Layer;
import org.nn4j.models.Architecture;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * The weights of a PyTorch {@code nn.Sequential} of {@code Linear} and activation modules as a safetensors state
 * dict: {@code <i>.weight} [out, in] and {@code <i>.bias} [out], i the module's position (activations count as
 * modules but hold no tensors, so {@code 784-256r-10s} is {@code 0.weight, 0.bias, 2.weight, 2.bias}). Torch's
 * weight layout is nn4j's W, so the values are copied as they are. What PyTorch writes with
 * {@code safetensors.torch.save_file(model.state_dict(), path)} this reads, and the reverse.
 */
public final class TorchWeights {
    /** Metadata key under which {@link #save} records the architecture, so {@link #load} can do without one. */
    static final String ARCH_KEY = "nn4j_arch";
    private static final Pattern PARAMETER = Pattern.compile("(.*?)(\\d+)\\.(weight|bias)");

    private TorchWeights() {
    }

    /**
     * A model of architecture {@code arch} (see {@link Architecture}) with the weights in {@code file}; a null
     * {@code arch} takes the one the file records, if it was written by {@link #save}. A Linear without bias gets
     * zero biases.
     */
    public static Sequential load(Path file, String arch, DType dtype) throws IOException {
        SafetensorsFile st = Safetensors.read(file);
        String spec = arch != null ? arch : st.metadata().get(ARCH_KEY);
        if (spec == null) {
            throw new IllegalArgumentException(file + ": the file does not record its architecture; give one, e.g. "
                    + "784-256r-128r-10s");
        }
        Sequential model = Architecture.parse(spec, dtype);
        Map<Integer, Map<String, NamedArray>> modules = new TreeMap<>();
        String prefix = null;
        for (NamedArray a : st.tensors().values()) {
            Matcher m = PARAMETER.matcher(a.name());
            if (!m.matches() || (prefix != null && !prefix.equals(m.group(1)))) {
                throw new IllegalArgumentException(file + ": tensor '" + a.name() + "' is not a Linear weight or bias"
                        + " of one nn.Sequential (expected names like " + (prefix == null ? "" : prefix)
                        + "0.weight, " + (prefix == null ? "" : prefix) + "0.bias)");
            }
            prefix = m.group(1);
            modules.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new LinkedHashMap<>()).put(m.group(3), a);
        }
        List<Layer> layers = model.layers();
        if (modules.size() != layers.size()) {
            throw new IllegalArgumentException(file + ": " + modules.size() + " Linear modules (at positions "
                    + modules.keySet() + ") but the architecture " + spec + " has " + layers.size() + " layers");
        }
        Ops.fill(model.parameters(), 0);
        int i = 0;
        for (Map.Entry<Integer, Map<String, NamedArray>> e : modules.entrySet()) {
            Layer dense = layers.get(i++);
            NamedArray weight = e.getValue().get("weight");
            if (weight == null) {
                throw new IllegalArgumentException(file + ": module " + e.getKey() + " has a bias but no weight");
            }
            copy(file, weight, new long[] {dense.outputSize(), dense.inputSize()}, dense.parameters().get(0).value());
            NamedArray bias = e.getValue().get("bias");
            if (bias != null) {
                copy(file, bias, new long[] {dense.outputSize()}, dense.parameters().get(1).value());
            }
        }
        model.markInitialized();
        return model;
    }

    private static void copy(Path file, NamedArray stored, long[] shape, Tensor into) {
        if (!Arrays.equals(stored.shape(), shape)) {
            throw new IllegalArgumentException(file + ": tensor " + stored.name() + " is "
                    + Arrays.toString(stored.shape()) + " but the architecture needs " + Arrays.toString(shape));
        }
        Ops.copy(stored.toTensor(into.dtype()), into);
    }

    /** Writes a model of dense layers as a PyTorch nn.Sequential state dict, atomically. */
    public static void save(Sequential model, Path file) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        int module = 0;
        for (Layer layer : denseLayers(model)) {
            tensors.put(module + ".weight", layer.parameters().get(0).value());
            tensors.put(module + ".bias", layer.parameters().get(1).value());
            shapes.put(module + ".bias", new long[] {layer.outputSize()});
            module += layer.activation().name().equals("linear") ? 1 : 2; // the activation is a module of its own
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put(ARCH_KEY, Architecture.format(model));
        AtomicFile.write(file, Safetensors.toBytes(meta, tensors, shapes));
    }

    /** The PyTorch modules that load a {@link #save}d file with {@code load_state_dict}, as Python source. */
    public static String pytorchSource(Sequential model) {
        List<String> modules = new ArrayList<>();
        for (Layer layer : denseLayers(model)) {
            modules.add("nn.Linear(" + layer.inputSize() + ", " + layer.outputSize() + ")");
            String name = layer.activation().name();
            String kind = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            switch (kind) {
                case "relu" -> modules.add("nn.ReLU()");
                case "tanh" -> modules.add("nn.Tanh()");
                case "sigmoid" -> modules.add("nn.Sigmoid()");
                case "softmax" -> modules.add("nn.Softmax(dim=1)");
                case "leaky_relu" -> modules.add("nn.LeakyReLU(" + (name.contains(":")
                        ? name.substring(name.indexOf(':') + 1) : "") + ")");
                case "linear" -> { } // no module
                default -> throw new IllegalArgumentException("activation " + name + " has no PyTorch module here");
            }
        }
        return "nn.Sequential(" + String.join(", ", modules) + ")";
    }

    /** The model's layers, each of which must be dense; the first other one is refused, named. */
    private static List<Layer> denseLayers(Sequential model) {
        for (Layer layer : model.layers()) {
            if (!Architecture.isDense(layer)) {
                throw new IllegalArgumentException(layer.describe() + " has no PyTorch state-dict form in this nn4j "
                        + "(PyTorch weights cover models of dense layers only)");
            }
        }
        return model.layers();
    }
}
