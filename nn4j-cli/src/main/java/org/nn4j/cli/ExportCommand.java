package org.nn4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nn4j.io.ModelFile;
import org.nn4j.io.SavedModel;
import org.nn4j.io.TorchWeights;
import org.nn4j.io.onnx.OnnxExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nn export}: a saved model as ONNX, or its weights as a PyTorch state dict in safetensors. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a saved model as ONNX or as PyTorch weights (safetensors).")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model saved by nn train --out")
    Path modelFile;

    @Option(names = "--onnx", paramLabel = "FILE",
            description = "write an ONNX model: input [N, features] or, for images, [N, C, H, W] (raw, the model's "
                    + "scaling included), output [N, outputs]")
    Path onnx;

    @Option(names = "--safetensors", paramLabel = "FILE",
            description = "write the weights as the state dict of a PyTorch nn.Sequential (0.weight, 0.bias, …; "
                    + "Conv2d [out, in, kh, kw], BatchNorm with running statistics)")
    Path safetensors;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (onnx == null && safetensors == null) {
            throw new ParameterException(spec.commandLine(),
                    "say what to write: --onnx FILE and/or --safetensors FILE");
        }
        try (Outputs outputs = new Outputs().inputs(modelFile).file("--onnx", onnx)
                .file("--safetensors", safetensors)) {
            return export(ModelFile.load(modelFile));
        }
    }

    private int export(SavedModel saved) throws Exception {
        if (onnx != null) {
            OnnxExporter.export(saved, onnx);
            System.out.println("Wrote ONNX model " + onnx + " (input \"input\", output \"output\")");
        }
        if (safetensors != null) {
            TorchWeights.save(saved.model(), safetensors);
            System.out.println("Wrote PyTorch weights " + safetensors + "; load them into");
            System.out.println("  " + TorchWeights.pytorchSource(saved.model()));
            if (!saved.scaler().kind().equals("none")) {
                System.out.println("Note: the model scales its inputs (" + saved.scaler().kind() + "); the weights "
                        + "expect scaled inputs, (x - offset) * scale, which the state dict does not hold");
            }
        }
        return 0;
    }
}
