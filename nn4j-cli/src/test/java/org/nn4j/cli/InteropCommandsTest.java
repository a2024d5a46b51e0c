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

    /**
     * The PyTorch CNN of nn4j-core's TorchConvWeightsTest (make_cnn_reference.py), imported with nn train's layer
     * grammar: nn predict gives PyTorch's probabilities, nn export gives its state dict back and an ONNX model.
     */
    @Test
    void importPredictAndExportAPyTorchCnn() throws Exception {
        Path torch = resource("cnn.safetensors");
        SafetensorsFile expected = Safetensors.read(resource("cnn_expected.safetensors"));
        float[] x = expected.get("input").toFloatArray();
        int d = 2 * 10 * 10;
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < d; j++) {
            csv.append(j == 0 ? "" : ",").append("x").append(j);
        }
        for (int i = 0; i < 6; i++) {
            csv.append('\n');
            for (int j = 0; j < d; j++) {
                csv.append(j == 0 ? "" : ",").append(x[i * d + j]);
            }
        }
        Path inputs = dir.resolve("images.csv");
        Files.writeString(inputs, csv.append('\n'));
        Path model = dir.resolve("cnn.nn");

        Result imported = Cli.run("import", "--torch", torch.toString(), "--input-shape", "2,10,10", "--layers",
                "conv:4x3:p1,bn,relu,maxpool:2,conv:6x3:s2:p1:nobias,bn,tanh,avgpool:2:s1,flatten,dense:8:relu,"
                        + "dense:5:softmax", "--out", model.toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("Conv2D") && imported.out().contains("Imported the layer list"),
                imported.out());

        Path predictions = dir.resolve("p.csv");
        Result predicted = Cli.run("predict", "--model", model.toString(), "--data", inputs.toString(), "--out",
                predictions.toString());
        assertEquals(0, predicted.code(), predicted.err());
        List<String> rows = Files.readAllLines(predictions);
        float[] want = expected.get("probabilities").toFloatArray();
        for (int i = 0; i < 6; i++) {
            String[] got = rows.get(i + 1).split(",");
            for (int j = 0; j < 5; j++) {
                assertEquals(want[i * 5 + j], Double.parseDouble(got[j]), 1e-5, "row " + i);
            }
        }

        Path back = dir.resolve("back.safetensors");
        Path onnx = dir.resolve("cnn.onnx");
        Result exported = Cli.run("export", "--model", model.toString(), "--safetensors", back.toString(),
                "--onnx", onnx.toString());
        assertEquals(0, exported.code(), exported.err());
        assertTrue(exported.out().contains("nn.Conv2d(4, 6, (3, 3), stride=(2, 2), padding=(1, 1), bias=False)"),
                exported.out());
        SafetensorsFile a = Safetensors.read(torch);
        SafetensorsFile b = Safetensors.read(back);
        for (String name : b.tensors().keySet()) {
            assertArrayEquals(a.get(name).toFloatArray(), b.get(name).toFloatArray(), 0f, name);
        }
        assertEquals(a.tensors().size() - 2, b.tensors().size(), "all but num_batches_tracked");
        assertTrue(Files.size(onnx) > 4 * (4 * 2 * 9 + 6 * 4 * 9 + 24 * 8 + 8 * 5), "the ONNX file holds the weights");

        Result reimported = Cli.run("import", "--torch", back.toString(), "--out", dir.resolve("again.nn").toString());
        assertEquals(0, reimported.code(), reimported.err());
    }

    @Test
    void aLayerListNeedsItsInputShapeAndAKnownGrammar() throws Exception {
        Path torch = resource("cnn.safetensors");
        Result noShape = Cli.run("import", "--torch", torch.toString(), "--layers", "conv:4x3,flatten,dense:5",
                "--out", dir.resolve("m.nn").toString());
        assertEquals(2, noShape.code());
        assertTrue(noShape.err().contains("--layers needs --input-shape C,H,W"), noShape.err());
        Result badLayer = Cli.run("import", "--torch", torch.toString(), "--input-shape", "2,10,10", "--layers",
                "conv:4x3,pool:2", "--out", dir.resolve("m.nn").toString());
        assertEquals(2, badLayer.code(), badLayer.err());
        assertTrue(badLayer.err().contains("'pool:2': unknown layer"), badLayer.err());
        Result wrong = Cli.run("import", "--torch", torch.toString(), "--input-shape", "2,10,10", "--layers",
                "conv:4x5:p1,bn,flatten,dense:5:softmax", "--out", dir.resolve("m.nn").toString());
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("6 modules with tensors (at positions [0, 1, 4, 5, 9, 11]) but the "
                + "architecture given has 3 modules with tensors: [nn.Conv2d(2, 4, (5, 5)"), wrong.err());
    }

    @Test
    void exportNeedsATarget() throws Exception {
        Result r = Cli.run("export", "--model", dir.resolve("m.nn").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--onnx FILE and/or --safetensors FILE"), r.err());
    }
}
