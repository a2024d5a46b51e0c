package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.cli.Cli.Result;
import org.nn4j.io.Safetensors;
import org.nn4j.io.SafetensorsFile;
import org.nn4j.io.SavedModel;

/**
 * {@code nn import --torch}, {@code nn predict} and {@code nn export} on the PyTorch reference of nn4j-core's tests
 * (an {@code nn.Sequential} 6-5r-4t-3s with its outputs on four inputs, made by make_reference.py).
 */
class InteropCommandsTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws Exception {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/torch/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void importPredictAndExportAPyTorchModel() throws Exception {
        Path torch = resource("mlp.safetensors");
        List<String> lines = Files.readAllLines(resource("mlp_expected.txt"));
        Path inputs = dir.resolve("x.csv");
        Files.writeString(inputs, "a,b,c,d,e,f\n" + String.join("\n", lines.subList(1, 5)).replace(' ', ',') + "\n");
        Path model = dir.resolve("m.nn");

        Result imported = Cli.run("import", "--torch", torch.toString(), "--arch", "6-5r-4t-3s",
                "--class-names", "x,y,z", "--out", model.toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("Imported 6-5r-4t-3s"), imported.out());

        Path predictions = dir.resolve("p.csv");
        Result predicted = Cli.run("predict", "--model", model.toString(), "--data", inputs.toString(), "--out",
                predictions.toString());
        assertEquals(0, predicted.code(), predicted.err());
        List<String> rows = Files.readAllLines(predictions);
        assertEquals("p_x,p_y,p_z,class,class_name", rows.get(0));
        for (int i = 0; i < 4; i++) {
            String[] got = rows.get(i + 1).split(",");
            String[] want = lines.get(5 + i).split(" ");
            for (int j = 0; j < 3; j++) {
                assertEquals(Double.parseDouble(want[j]), Double.parseDouble(got[j]), 1e-5, "row " + i);
            }
        }

        Path back = dir.resolve("back.safetensors");
        Path onnx = dir.resolve("m.onnx");
        Result exported = Cli.run("export", "--model", model.toString(), "--safetensors", back.toString(),
                "--onnx", onnx.toString());
        assertEquals(0, exported.code(), exported.err());
        assertTrue(exported.out().contains("nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 4), nn.Tanh(), "
                + "nn.Linear(4, 3), nn.Softmax(dim=1))"), exported.out());
        SafetensorsFile a = Safetensors.read(torch);
        SafetensorsFile b = Safetensors.read(back);
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        for (String name : a.tensors().keySet()) {
            assertArrayEquals(a.get(name).shape(), b.get(name).shape(), name);
            assertArrayEquals(a.get(name).toFloatArray(), b.get(name).toFloatArray(), 0f, name);
        }
        assertTrue(Files.size(onnx) > 4 * (6 * 5 + 5 * 4 + 4 * 3), "the ONNX file holds the weights");
        assertEquals(List.of("x", "y", "z"), SavedModel.load(model).classNames());
    }

    @Test
    void exportNeedsATarget() throws Exception {
        Result r = Cli.run("export", "--model", dir.resolve("m.nn").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--onnx FILE and/or --safetensors FILE"), r.err());
    }
}
