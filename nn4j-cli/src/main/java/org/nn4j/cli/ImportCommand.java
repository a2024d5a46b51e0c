package org.nn4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nn4j.data.Scaling;
import org.nn4j.io.ModelFile;
import org.nn4j.io.SavedModel;
import org.nn4j.io.TorchWeights;
import org.nn4j.models.Architecture;
import org.nn4j.models.Sequential;
import org.nn4j.layers.Layer;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nn import}: a PyTorch state dict (safetensors) into an nn4j model file. The architecture is a dense spec
 * ({@code --arch}), a layer list in {@code nn train}'s grammar with the input shape ({@code --layers},
 * {@code --input-shape}), or the one a file written by {@code nn export} records.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Make an nn4j model from the weights of a PyTorch nn.Sequential saved as safetensors.")
final class ImportCommand implements Callable<Integer> {
    @Option(names = "--torch", required = true, paramLabel = "FILE",
            description = "safetensors state dict of an nn.Sequential of Linear, Conv2d, BatchNorm2d/1d, pooling, "
                    + "Flatten, Dropout and activation modules")
    Path torch;

    @Option(names = "--layers", split = ",", paramLabel = "LAYER",
            description = "the whole network as nn train's layer list, output layer included, e.g. "
                    + "conv:6x5:p2,relu,maxpool:2,conv:16x5,relu,maxpool:2,flatten,dense:120:relu,dense:84:relu,"
                    + "dense:10:softmax (needs --input-shape)")
    List<String> layers;

    @Option(names = "--input-shape", paramLabel = "C,H,W",
            description = "the shape of one input sample for --layers: C,H,W for images (PyTorch's [N, C, H, W] "
                    + "without N), or the number of features")
    String inputShape;

    @Option(names = "--arch", paramLabel = "SPEC",
            description = "input width, then units and activation of each layer: r relu, l leaky_relu, t tanh, "
                    + "g sigmoid, s softmax, nothing for linear, or a full name; e.g. 784-256r-128r-10s "
                    + "(default: the one recorded by nn export)")
    String arch;

    @Option(names = "--class-names", split = ",", paramLabel = "NAME", description = "names of the output classes")
    List<String> classNames;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "TYPE",
            description = "float32 or float64 (default: ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the nn4j model file to write")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Outputs outputs = new Outputs().inputs(torch).file("--out", out)) {
            return importWeights();
        }
    }

    private int importWeights() throws Exception {
        Sequential model = layers == null ? TorchWeights.load(torch, arch, DType.parse(dtype))
                : TorchWeights.load(torch, fromLayerList());
        List<String> names = classNames == null ? List.of() : classNames;
        if (!names.isEmpty() && names.size() != Math.max(2, model.outputSize())) {
            throw new IllegalArgumentException("--class-names: " + names.size() + " names for a model with "
                    + model.outputSize() + " output" + (model.outputSize() == 1 ? "" : "s"));
        }
        ModelFile.save(out, new SavedModel(model, null, Scaling.none(model.inputSize()), names, null, List.of()));
        System.out.print(model.summary());
        boolean dense = model.layers().stream().allMatch(Architecture::isDense);
        System.out.println("Imported " + (dense ? Architecture.format(model) : "the layer list") + " from "
                + torch + " into " + out);
        return 0;
    }

    /**
     * The model {@code --layers} and {@code --input-shape} describe; its loss follows the last layer's activation as
     * for {@code --arch}.
     */
    private Sequential fromLayerList() {
        if (arch != null) {
            throw new ParameterException(spec.commandLine(), "give the architecture once: --arch or --layers");
        }
        if (inputShape == null) {
            throw new ParameterException(spec.commandLine(), "--layers needs --input-shape C,H,W (or the number of "
                    + "input features)");
        }
        Shape input;
        List<Layer> stack;
        try {
            input = Shape.parse(inputShape);
            stack = LayerList.parse(layers, Regularizer.NONE, 0);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return new Sequential(input, Architecture.lossFor(stack.get(stack.size() - 1)), DType.parse(dtype), stack);
    }
}
