package org.nn4j.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.nn4j.config.Json;
import org.nn4j.io.SavedModel;
import org.nn4j.models.Sequential;
import org.nn4j.training.EpochLog;

/** The JSON bodies the server answers with, in TensorFlow Serving's shapes where it has one. */
final class Responses {
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .create();

    private Responses() {
    }

    /** {@code {"error": "…"}}, as TensorFlow Serving reports errors. */
    static byte[] error(String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        return GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code {"predictions": [[…], …]}} for row-format requests ({@code "instances"} or CSV), {@code {"outputs": …}}
     * for columnar ones ({@code "inputs"}), as TensorFlow Serving answers each: the model's outputs (class
     * probabilities for a classifier); for a classifier whose file names its classes, {@code "classes"} gives
     * each instance's predicted class name too.
     */
    static byte[] predictions(Batcher.Prediction p, Instances x) {
        SavedModel saved = p.version().saved();
        int k = p.version().outputs();
        float[] out = p.outputs();
        StringBuilder s = new StringBuilder(32 + x.n() * k * 14);
        s.append(x.key().equals("inputs") ? "{\"outputs\":[" : "{\"predictions\":[");
        for (int i = 0; i < x.n(); i++) {
            s.append(i == 0 ? "[" : ",[");
            int row = p.offset() + i * k;
            for (int j = 0; j < k; j++) {
                if (j > 0) {
                    s.append(',');
                }
                s.append(out[row + j]);
            }
            s.append(']');
        }
        s.append(']');
        List<String> names = saved.classNames();
        if (saved.model().loss().classifies() && !names.isEmpty()) {
            s.append(",\"classes\":[");
            for (int i = 0; i < x.n(); i++) {
                int c = predictedClass(out, p.offset() + i * k, k);
                s.append(i == 0 ? "" : ",").append(new JsonPrimitive(c < names.size() ? names.get(c) : "" + c));
            }
            s.append(']');
        }
        return s.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The most probable class, or for one sigmoid unit, 1 when p ≥ 0.5 (as {@code Sequential.predictClasses}). */
    private static int predictedClass(float[] out, int row, int k) {
        if (k == 1) {
            return out[row] >= 0.5f ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (out[row + j] > out[row + best]) {
                best = j;
            }
        }
        return best;
    }

    /** TensorFlow Serving's model status: the version serving and its state. */
    static String status(ModelVersion v) {
        JsonObject status = new JsonObject();
        status.addProperty("error_code", "OK");
        status.addProperty("error_message", "");
        JsonObject version = new JsonObject();
        version.addProperty("version", Long.toString(v.number()));
        version.addProperty("state", "AVAILABLE");
        version.add("status", status);
        JsonArray versions = new JsonArray();
        versions.add(version);
        JsonObject o = new JsonObject();
        o.add("model_version_status", versions);
        return GSON.toJson(o);
    }

    /**
     * TensorFlow Serving's metadata ({@code model_spec} and the {@code serving_default} signature with its input
     * and output shapes) and, under {@code "nn4j"}, what the model file says: architecture, classes, input scaling,
     * training settings, final metrics and the last epoch's figures.
     */
    static String metadata(ServedModel model) {
        ModelVersion v = model.current();
        SavedModel saved = v.saved();
        Sequential net = saved.model();
        JsonObject spec = new JsonObject();
        spec.addProperty("name", model.name());
        spec.addProperty("signature_name", "");
        spec.addProperty("version", Long.toString(v.number()));
        JsonObject signature = new JsonObject();
        signature.add("inputs", tensor("instances", net.dtype().name(), net.inputSize()));
        signature.add("outputs", tensor("predictions", net.dtype().name(), net.outputSize()));
        signature.addProperty("method_name", "tensorflow/serving/predict");
        JsonObject signatures = new JsonObject();
        signatures.add("serving_default", signature);
        JsonObject def = new JsonObject();
        def.add("signature_def", signatures);
        JsonObject metadata = new JsonObject();
        metadata.add("signature_def", def);

        JsonObject nn4j = new JsonObject();
        nn4j.addProperty("file", model.file().toString());
        nn4j.addProperty("loaded", v.loaded().toString());
        if (saved.origin() != null) {
            nn4j.addProperty("nn4j_version", saved.origin().nn4jVersion());
            nn4j.addProperty("created", String.valueOf(saved.origin().created()));
            nn4j.addProperty("format_version", saved.origin().formatVersion());
        }
        nn4j.addProperty("inputs", net.inputSize());
        nn4j.addProperty("outputs", net.outputSize());
        nn4j.addProperty("task", net.loss().classifies() ? "classification" : "regression");
        nn4j.add("classes", GSON.toJsonTree(saved.classNames()));
        nn4j.add("architecture", JsonParser.parseString(Json.toJson(net.config())));
        JsonObject scaler = new JsonObject();
        scaler.addProperty("kind", saved.scaler().kind());
        if (!"none".equals(saved.scaler().kind())) {
            scaler.add("offset", GSON.toJsonTree(saved.scaler().offset()));
            scaler.add("scale", GSON.toJsonTree(saved.scaler().scale()));
        }
        nn4j.add("scaler", scaler);
        if (saved.training() != null) {
            nn4j.add("training", JsonParser.parseString(Json.toJson(saved.training())));
        }
        nn4j.addProperty("epochs", saved.history().size());
        if (!saved.history().isEmpty()) {
            EpochLog last = saved.history().get(saved.history().size() - 1);
            nn4j.add("last_epoch", GSON.toJsonTree(last.metrics()));
        }
        nn4j.add("metrics", GSON.toJsonTree(saved.metrics(), Map.class));

        JsonObject o = new JsonObject();
        o.add("model_spec", spec);
        o.add("metadata", metadata);
        o.add("nn4j", nn4j);
        return GSON.toJson(o);
    }

    /** A tensor's description in TensorFlow's JSON form: dtype and shape, the batch dimension -1. */
    private static JsonObject tensor(String name, String dtype, int width) {
        JsonObject dims = new JsonObject();
        JsonArray dim = new JsonArray();
        for (long size : new long[]{-1, width}) {
            JsonObject d = new JsonObject();
            d.addProperty("size", Long.toString(size));
            dim.add(d);
        }
        dims.add("dim", dim);
        JsonObject t = new JsonObject();
        t.addProperty("dtype", "F32".equals(dtype) ? "DT_FLOAT" : "F64".equals(dtype) ? "DT_DOUBLE" : dtype);
        t.add("tensor_shape", dims);
        t.addProperty("name", name);
        JsonObject io = new JsonObject();
        io.add(name, t);
        return io;
    }
}
