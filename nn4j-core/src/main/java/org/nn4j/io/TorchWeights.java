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
import org.nn4j.activations.Activation;
import org.nn4j.config.Json;
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
import org.nn4j.layers.Padding;
import org.nn4j.layers.Pooling2D;
import org.nn4j.models.Architecture;
import org.nn4j.models.ModelConfig;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * The weights of a PyTorch {@code nn.Sequential} as a safetensors state dict, in and out: what PyTorch writes with
 * {@code safetensors.torch.save_file(model.state_dict(), path)} this reads, and the reverse. Each nn4j layer stands
 * for the modules PyTorch would use ({@link LayerVisitor}, one method per kind of layer):
 * <ul>
 *   <li>dense: {@code Linear} ({@code <i>.weight} [out, in], nn4j's W as it is, and {@code <i>.bias} [out]), then
 *       its activation's module unless linear (a {@code Flatten} first if it reads an image);</li>
 *   <li>Conv2D: {@code Conv2d} ({@code weight} [F, C, kh, kw], nn4j's F × C·kh·kw row-major as it is, and
 *       {@code bias} [F] unless it has none);</li>
 *   <li>batch normalisation: {@code BatchNorm2d} after a convolution, {@code BatchNorm1d} after a dense layer
 *       ({@code weight} γ, {@code bias} β, {@code running_mean}, {@code running_var}; {@code num_batches_tracked}
 *       is read past, and left out on export, where PyTorch's {@code load_state_dict} sets it to 0);</li>
 *   <li>{@code MaxPool2d}, {@code AvgPool2d}, {@code Flatten}, {@code Dropout}, an activation's module, and
 *       {@code AdaptiveAvgPool2d(1), Flatten()} for global average pooling: modules without tensors, which only
 *       take their place in the numbering.</li>
 * </ul>
 * i is the module's position, so {@code 784-256r-10s} is {@code 0.weight, 0.bias, 2.weight, 2.bias}. Nothing is
 * permuted: nn4j lays out an image channel by channel, row by row, so the C·H·W features a Flatten hands the first
 * Linear are in PyTorch's order. On import, the modules that hold tensors are matched in order with the layers that
 * hold parameters, so the architecture must be given (a dense spec, or the model itself); a file this class wrote
 * records its architecture, and needs neither.
 */
public final class TorchWeights {
    /** Metadata key under which {@link #save} records a dense architecture spec, so {@link #load} can do without. */
    static final String ARCH_KEY = "nn4j_arch";
    /** Metadata key under which {@link #save} records any other architecture, as a model file's JSON. */
    static final String MODEL_KEY = "nn4j_model";
    private static final String COUNTER = "num_batches_tracked";
    private static final Pattern PARAMETER =
            Pattern.compile("(.*?)(\\d+)\\.(weight|bias|running_mean|running_var|" + COUNTER + ")");

    private TorchWeights() {
    }

    /**
     * A model of architecture {@code arch} (see {@link Architecture}) with the weights in {@code file}; a null
     * {@code arch} takes the one the file records, if it was written by {@link #save}. A module without bias gives
     * zero biases.
     */
    public static Sequential load(Path file, String arch, DType dtype) throws IOException {
        SafetensorsFile st = Safetensors.read(file);
        String spec = arch != null ? arch : st.metadata().get(ARCH_KEY);
        if (spec == null && st.metadata().containsKey(MODEL_KEY)) {
            Sequential model = Sequential.fromConfig(Json.fromJson(st.metadata().get(MODEL_KEY), ModelConfig.class),
                    dtype);
            return fill(file, st, model, "recorded in the file");
        }
        if (spec == null) {
            throw new IllegalArgumentException(file + ": the file does not record its architecture; give one, e.g. "
                    + "784-256r-128r-10s");
        }
        return fill(file, st, Architecture.parse(spec, dtype), spec);
    }

    /**
     * Fills {@code model} — built, of the same layers as the PyTorch model, e.g. from a layer list — with the
     * weights and running statistics in {@code file}, and returns it.
     */
    public static Sequential load(Path file, Sequential model) throws IOException {
        return fill(file, Safetensors.read(file), model, "given");
    }

    private static Sequential fill(Path file, SafetensorsFile st, Sequential model, String arch) {
        Map<Integer, Map<String, NamedArray>> stored = new TreeMap<>();
        String prefix = null;
        for (NamedArray a : st.tensors().values()) {
            Matcher m = PARAMETER.matcher(a.name());
            if (!m.matches() || (prefix != null && !prefix.equals(m.group(1)))) {
                String p = prefix == null ? "" : prefix;
                throw new IllegalArgumentException(file + ": tensor '" + a.name() + "' is not a weight, bias or "
                        + "running statistic of one nn.Sequential (expected names like " + p + "0.weight, " + p
                        + "0.bias)");
            }
            prefix = m.group(1);
            stored.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new LinkedHashMap<>()).put(m.group(3), a);
        }
        List<Module> wanted = modules(model).stream().filter(m -> !m.tensors().isEmpty()).toList();
        if (stored.size() != wanted.size()) {
            boolean dense = model.layers().stream().allMatch(Architecture::isDense);
            throw new IllegalArgumentException(file + ": " + stored.size() + (dense ? " Linear modules" : " modules "
                    + "with tensors") + " (at positions " + stored.keySet() + ") but the architecture " + arch
                    + " has " + wanted.size() + (dense ? " layers" : " modules with tensors: " + wanted.stream()
                    .map(Module::source).toList()));
        }
        Ops.fill(model.parameters(), 0);
        int i = 0;
        for (Map.Entry<Integer, Map<String, NamedArray>> e : stored.entrySet()) {
            Module module = wanted.get(i++);
            Map<String, NamedArray> tensors = e.getValue();
            for (String name : tensors.keySet()) {
                if (!module.tensors().containsKey(name) && !(name.equals(COUNTER) && module.counted())) {
                    throw new IllegalArgumentException(file + ": module " + e.getKey() + " has a " + name
                            + ", which " + module.source() + " does not");
                }
            }
            for (String name : module.tensors().keySet()) {
                if (!tensors.containsKey(name) && (!name.equals("bias") || module.counted())) {
                    throw new IllegalArgumentException(file + ": module " + e.getKey() + " has no " + name
                            + ", which " + module.source() + " needs");
                }
            }
            for (Map.Entry<String, Slot> slot : module.tensors().entrySet()) {
                NamedArray a = tensors.get(slot.getKey());
                if (a != null) {
                    copy(file, a, slot.getValue().shape(), slot.getValue().value());
                }
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
        // the shapes agree, so the values in row-major order are the parameter's, whatever the rank
        Ops.copy(into.dtype() == DType.F32 ? Tensor.wrap(stored.toFloatArray(), into.rows(), into.cols())
                : Tensor.wrap(stored.toDoubleArray(), into.rows(), into.cols()), into);
    }

    /**
     * Writes a model as a PyTorch nn.Sequential state dict, atomically, recording its architecture: a dense spec
     * for a model of dense layers, the model file's JSON otherwise.
     */
    public static void save(Sequential model, Path file) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        List<Module> modules = modules(model);
        for (int i = 0; i < modules.size(); i++) {
            for (Map.Entry<String, Slot> e : modules.get(i).tensors().entrySet()) {
                tensors.put(i + "." + e.getKey(), e.getValue().value());
                shapes.put(i + "." + e.getKey(), e.getValue().shape());
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        if (model.layers().stream().allMatch(Architecture::isDense)) {
            meta.put(ARCH_KEY, Architecture.format(model));
        } else {
            meta.put(MODEL_KEY, Json.toJson(model.config()));
        }
        AtomicFile.write(file, Safetensors.toBytes(meta, tensors, shapes));
    }

    /** The PyTorch modules that load a {@link #save}d file with {@code load_state_dict}, as Python source. */
    public static String pytorchSource(Sequential model) {
        return "nn.Sequential(" + String.join(", ", modules(model).stream().map(Module::source).toList()) + ")";
    }

    /** The PyTorch modules of {@code model}, in order, each with the tensors it holds. */
    private static List<Module> modules(Sequential model) {
        List<Module> modules = new ArrayList<>();
        for (Layer layer : model.layers()) {
            modules.addAll(layer.accept(new Modules()));
        }
        return modules;
    }

    /** A tensor of a module: the parameter's value and the shape PyTorch gives it. */
    private record Slot(Tensor value, long... shape) {
    }

    /**
     * One PyTorch module: its source and its tensors by state-dict suffix; {@code counted} for batch norm, whose
     * {@code num_batches_tracked} is read past and whose bias is never missing.
     */
    private record Module(String source, Map<String, Slot> tensors, boolean counted) {
        static Module of(String source) {
            return new Module(source, Map.of(), false);
        }
    }

    /** The modules each kind of layer stands for. */
    private static final class Modules implements LayerVisitor<List<Module>> {
        @Override
        public List<Module> dense(Dense layer) {
            List<Module> modules = new ArrayList<>();
            if (layer.inputShape().isImage()) {
                modules.add(Module.of("nn.Flatten()"));
            }
            int in = layer.inputSize();
            int out = layer.outputSize();
            Map<String, Slot> tensors = new LinkedHashMap<>();
            tensors.put("weight", new Slot(layer.parameters().get(0).value(), out, in));
            tensors.put("bias", new Slot(layer.parameters().get(1).value(), out));
            modules.add(new Module("nn.Linear(" + in + ", " + out + ")", tensors, false));
            modules.addAll(activation(layer.activation()));
            return modules;
        }

        @Override
        public List<Module> conv2D(Conv2D layer) {
            Conv2D.Config c = layer.config();
            int channels = layer.inputShape().channels();
            Map<String, Slot> tensors = new LinkedHashMap<>();
            tensors.put("weight", new Slot(layer.parameters().get(0).value(), c.filters(), channels,
                    c.kernelHeight(), c.kernelWidth()));
            if (c.bias()) {
                tensors.put("bias", new Slot(layer.parameters().get(1).value(), c.filters()));
            }
            String source = "nn.Conv2d(" + channels + ", " + c.filters() + ", " + pair(c.kernelHeight(),
                    c.kernelWidth()) + ", stride=" + pair(c.strideHeight(), c.strideWidth()) + ", padding="
                    + padding(layer.describe(), c.padding(), layer.pads(), c.strideHeight() * c.strideWidth() == 1)
                    + (c.bias() ? "" : ", bias=False") + ")";
            return List.of(new Module(source, tensors, false));
        }

        @Override
        public List<Module> maxPool2D(MaxPool2D layer) {
            return pool("nn.MaxPool2d", layer);
        }

        @Override
        public List<Module> avgPool2D(AvgPool2D layer) {
            return pool("nn.AvgPool2d", layer);
        }

        private static List<Module> pool(String module, Pooling2D layer) {
            String padding = padding(layer.describe(), ((Pooling2D.Config) layer.config()).padding(), layer.pads(),
                    false);
            return List.of(Module.of(module + "(" + layer.window() + ", stride=" + layer.stride() + ", padding="
                    + padding + ")"));
        }

        @Override
        public List<Module> globalAveragePooling2D(GlobalAveragePooling2D layer) {
            return List.of(Module.of("nn.AdaptiveAvgPool2d(1)"), Module.of("nn.Flatten()"));
        }

        @Override
        public List<Module> flatten(Flatten layer) {
            return List.of(Module.of("nn.Flatten()"));
        }

        @Override
        public List<Module> batchNorm(BatchNorm layer) {
            int c = layer.inputShape().channels();
            Map<String, Slot> tensors = new LinkedHashMap<>();
            tensors.put("weight", new Slot(layer.parameters().get(0).value(), c));
            tensors.put("bias", new Slot(layer.parameters().get(1).value(), c));
            tensors.put("running_mean", new Slot(layer.state().get(0).value(), c));
            tensors.put("running_var", new Slot(layer.state().get(1).value(), c));
            BatchNorm.Config settings = layer.config();
            String source = "nn.BatchNorm" + (layer.inputShape().isImage() ? "2d(" : "1d(") + c + ", eps="
                    + settings.epsilon() + ", momentum=" + settings.momentum() + ")";
            return List.of(new Module(source, tensors, true));
        }

        @Override
        public List<Module> activation(ActivationLayer layer) {
            return activation(layer.activation());
        }

        @Override
        public List<Module> dropout(Dropout layer) {
            return List.of(Module.of("nn.Dropout(" + layer.rate() + ")"));
        }

        @Override
        public List<Module> other(Layer layer) {
            throw new IllegalArgumentException(layer.describe() + " has no PyTorch module in this nn4j");
        }

        /** The module of an activation; none for linear. */
        private static List<Module> activation(Activation f) {
            String name = f.name();
            String kind = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            return switch (kind) {
                case "linear" -> List.of();
                case "relu" -> List.of(Module.of("nn.ReLU()"));
                case "tanh" -> List.of(Module.of("nn.Tanh()"));
                case "sigmoid" -> List.of(Module.of("nn.Sigmoid()"));
                case "softmax" -> List.of(Module.of("nn.Softmax(dim=1)"));
                case "leaky_relu" -> List.of(Module.of("nn.LeakyReLU(" + (name.contains(":")
                        ? name.substring(name.indexOf(':') + 1) : "") + ")"));
                default -> throw new IllegalArgumentException("activation " + name + " has no PyTorch module here");
            };
        }

        /**
         * PyTorch's {@code padding} for nn4j's: the same zeros on both sides as a pair; uneven {@code same}
         * padding ({@code pads} top, left, bottom, right) as {@code 'same'} where PyTorch allows it (a convolution
         * of stride 1), refused otherwise.
         */
        private static String padding(String layer, String setting, int[] pads, boolean sameAllowed) {
            Padding p = Padding.parse(setting);
            if (p.mode().equals("explicit")) {
                return pair(p.height(), p.width());
            }
            if (pads[0] == pads[2] && pads[1] == pads[3]) {
                return pair(pads[0], pads[1]);
            }
            if (sameAllowed) {
                return "'same'";
            }
            throw new IllegalArgumentException(layer + " pads unevenly (top, left, bottom, right = "
                    + Arrays.toString(pads) + "), which PyTorch writes only as 'same' for a convolution of stride 1");
        }

        private static String pair(int a, int b) {
            return "(" + a + ", " + b + ")";
        }
    }
}
