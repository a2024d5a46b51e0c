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
import org.nn4j.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nn import}: a PyTorch state dict (safetensors) into an nn4j model file. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Make an nn4j model from the weights of a PyTorch nn.Sequential saved as safetensors.")
final class ImportCommand implements Callable<Integer> {
    @Option(names = "--torch", required = true, paramLabel = "FILE",
            description = "safetensors state dict of an nn.Sequential of Linear and activation modules")
    Path torch;

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

    @Override
    public Integer call() throws Exception {
        try (Outputs outputs = new Outputs().inputs(torch).file("--out", out)) {
            return importWeights();
        }
    }

    private int importWeights() throws Exception {
        Sequential model = TorchWeights.load(torch, arch, DType.parse(dtype));
        List<String> names = classNames == null ? List.of() : classNames;
        if (!names.isEmpty() && names.size() != Math.max(2, model.outputSize())) {
            throw new IllegalArgumentException("--class-names: " + names.size() + " names for a model with "
                    + model.outputSize() + " output" + (model.outputSize() == 1 ? "" : "s"));
        }
        ModelFile.save(out, new SavedModel(model, null, Scaling.none(model.inputSize()), names, null, List.of()));
        System.out.print(model.summary());
        System.out.println("Imported " + Architecture.format(model) + " from " + torch + " into " + out);
        return 0;
    }
}
