package org.nn4j.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializationContext;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nn4j.layers.ActivationLayer;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.GlobalAveragePooling2D;
import org.nn4j.layers.LayerConfig;
import org.nn4j.layers.Pooling2D;
import org.nn4j.optimizers.AdaGrad;
import org.nn4j.optimizers.Adam;
import org.nn4j.optimizers.AdamW;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.optimizers.RmsProp;
import org.nn4j.optimizers.Sgd;
import org.nn4j.optimizers.schedules.CosineDecay;
import org.nn4j.optimizers.schedules.ExponentialDecay;
import org.nn4j.optimizers.schedules.ReduceOnPlateau;
import org.nn4j.optimizers.schedules.ScheduleConfig;
import org.nn4j.optimizers.schedules.StepDecay;

/**
 * JSON for configuration records. Records are written field by field; interface-typed values (a layer's or an
 * optimiser's settings) carry a {@code "type"} tag naming their record, registered here, so that every
 * configuration round-trips: {@code fromJson(toJson(c), C.class).equals(c)}.
 */
public final class Json {
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(LayerConfig.class, new Tagged<LayerConfig>("layer")
                    .with("dense", Dense.Config.class)
                    .with("batch_norm", BatchNorm.Config.class)
                    .with("dropout", Dropout.Config.class)
                    .with("activation", ActivationLayer.Config.class)
                    .with("flatten", Flatten.Config.class)
                    .with("conv2d", Conv2D.Config.class)
                    .with("pool2d", Pooling2D.Config.class)
                    .with("global_avg_pool2d", GlobalAveragePooling2D.Config.class))
            .registerTypeAdapter(OptimizerConfig.class, new Tagged<OptimizerConfig>("optimizer")
                    .with("sgd", Sgd.Config.class)
                    .with("adam", Adam.Config.class)
                    .with("adamw", AdamW.Config.class)
                    .with("rmsprop", RmsProp.Config.class)
                    .with("adagrad", AdaGrad.Config.class))
            .registerTypeAdapter(ScheduleConfig.class, new Tagged<ScheduleConfig>("schedule")
                    .with("step", StepDecay.class)
                    .with("exponential", ExponentialDecay.class)
                    .with("cosine", CosineDecay.class)
                    .with("plateau", ReduceOnPlateau.Config.class))
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .create();

    private Json() {
    }

    public static String toJson(Object value) {
        return GSON.toJson(value);
    }

    public static JsonElement toTree(Object value) {
        return GSON.toJsonTree(value);
    }

    /** Parses {@code json} as a {@code type}; malformed or invalid input fails naming the cause. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            T value = GSON.fromJson(json, type);
            if (value == null) {
                throw new IllegalArgumentException("empty JSON where a " + type.getSimpleName() + " was expected");
            }
            return value;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // a record's constructor refused a value; Gson wraps that exception
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + ": " + cause.getMessage(), e);
        }
    }

    public static <T> T fromTree(JsonElement json, Class<T> type) {
        return fromJson(GSON.toJson(json), type);
    }

    /** Writes and reads the records of one interface with a {@code "type"} tag. */
    private static final class Tagged<T> implements JsonSerializer<T>, JsonDeserializer<T> {
        private final String what;
        private final Map<String, Class<? extends T>> byName = new LinkedHashMap<>();
        private final Map<Class<?>, String> byClass = new LinkedHashMap<>();

        Tagged(String what) {
            this.what = what;
        }

        Tagged<T> with(String name, Class<? extends T> type) {
            byName.put(name, type);
            byClass.put(type, name);
            return this;
        }

        @Override
        public JsonElement serialize(T src, Type typeOfSrc, JsonSerializationContext ctx) {
            String name = byClass.get(src.getClass());
            if (name == null) {
                throw new IllegalArgumentException("no JSON name registered for " + what + " " + src.getClass());
            }
            JsonObject out = new JsonObject();
            out.addProperty("type", name);
            ctx.serialize(src, src.getClass()).getAsJsonObject().entrySet()
                    .forEach(e -> out.add(e.getKey(), e.getValue()));
            return out;
        }

        @Override
        public T deserialize(JsonElement json, Type typeOfT, JsonDeserializationContext ctx) {
            if (!json.isJsonObject() || !json.getAsJsonObject().has("type")) {
                throw new JsonParseException(what + " must be an object with a \"type\" field, got " + json);
            }
            String name = json.getAsJsonObject().get("type").getAsString();
            Class<? extends T> type = byName.get(name);
            if (type == null) {
                throw new JsonParseException("unknown " + what + " type \"" + name + "\" (known: "
                        + String.join(", ", byName.keySet()) + ")");
            }
            return ctx.deserialize(json, type);
        }
    }
}
