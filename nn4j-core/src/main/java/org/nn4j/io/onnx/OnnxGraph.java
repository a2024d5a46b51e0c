package org.nn4j.io.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/**
 * An ONNX graph under construction: nodes in execution order and the constant tensors they read, encoded as the
 * messages of onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto; field numbers are cited there).
 * Layers add their nodes with {@link #node} and {@link #constant}; {@link #model} wraps the graph with one input
 * {@code input} [N, inputs] or [N, C, H, W] and one output {@code output} [N, outputs], N a free batch dimension.
 */
public final class OnnxGraph {
    /** TensorProto.DataType values. */
    private static final int FLOAT = 1;
    private static final int DOUBLE = 11;
    /** The name of the graph's input, [N, inputs]. */
    public static final String INPUT = "input";
    private final DType dtype;
    private final List<Proto> nodes = new ArrayList<>();
    private final List<Proto> constants = new ArrayList<>();

    OnnxGraph(DType dtype) {
        this.dtype = dtype;
    }

    /** The element type of every value in the graph, the model's. */
    public DType dtype() {
        return dtype;
    }

    /**
     * Adds node {@code name} applying operator {@code op} to the named inputs; its output value has the same name
     * (ONNX keeps node names and value names apart), which is returned.
     */
    public String node(String op, String name, List<String> inputs, Attribute... attributes) {
        Proto node = new Proto();
        for (String in : inputs) {
            node.string(1, in); // NodeProto.input
        }
        node.string(2, name).string(3, name).string(4, op); // output, name, op_type
        for (Attribute a : attributes) {
            node.message(5, a.proto()); // attribute
        }
        nodes.add(node);
        return name;
    }

    /** Adds a constant (an initializer) with the given dimensions, stored in the graph's type; returns its name. */
    public String constant(String name, Tensor values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.size() * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.size(); i++) {
            if (dtype == DType.F32) {
                raw.putFloat((float) values.getFlat(i));
            } else {
                raw.putDouble(values.getFlat(i));
            }
        }
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d); // TensorProto.dims
        }
        t.varint(2, elementType()).string(8, name).bytes(9, raw.array()); // data_type, name, raw_data
        constants.add(t);
        return name;
    }

    /**
     * A node attribute (AttributeProto): a float, an integer or a list of integers, exactly one of them not null.
     *
     * @param name  the attribute's name, e.g. {@code kernel_shape}
     * @param f     a float value
     * @param i     an integer value
     * @param ints  a list of integers
     */
    public record Attribute(String name, Float f, Long i, long[] ints) {
        /** A float attribute. */
        public static Attribute of(String name, float value) {
            return new Attribute(name, value, null, null);
        }

        /** An integer attribute. */
        public static Attribute of(String name, long value) {
            return new Attribute(name, null, value, null);
        }

        /** A list-of-integers attribute, e.g. {@code pads}. */
        public static Attribute ints(String name, int... values) {
            return new Attribute(name, null, null, java.util.Arrays.stream(values).asLongStream().toArray());
        }

        Proto proto() {
            Proto a = new Proto().string(1, name); // name
            if (ints != null) {
                for (long v : ints) {
                    a.varint(8, v); // ints
                }
                return a.varint(20, 7); // type INTS
            }
            return f != null ? a.float32(2, f).varint(20, 1) : a.varint(3, i).varint(20, 2); // f/i, type FLOAT/INT
        }
    }

    /**
     * The ModelProto: IR version 7 with operator set 13 of the default domain, which ONNX Runtime and the other
     * major runtimes support; {@code last} names the value that becomes the graph's output.
     */
    byte[] model(List<Integer> inputDims, String last, int outputs, String producerVersion, String doc) {
        String output = node("Identity", "output", List.of(last));
        Proto graph = new Proto();
        nodes.forEach(n -> graph.message(1, n)); // GraphProto.node
        graph.string(2, "nn4j");
        constants.forEach(c -> graph.message(5, c)); // initializer
        graph.string(10, doc);
        graph.message(11, valueInfo(INPUT, inputDims)); // input
        graph.message(12, valueInfo(output, List.of(outputs))); // output
        return new Proto().varint(1, 7) // ir_version
                .string(2, "nn4j").string(3, producerVersion) // producer_name, producer_version
                .message(8, new Proto().string(1, "").varint(2, 13)) // opset_import: domain "", version 13
                .message(7, graph)
                .toBytes();
    }

    private int elementType() {
        return dtype == DType.F32 ? FLOAT : DOUBLE;
    }

    /** ValueInfoProto {name, TypeProto{tensor_type{elem_type, shape[N, dims...]}}}. */
    private Proto valueInfo(String name, List<Integer> dims) {
        Proto shape = new Proto().message(1, new Proto().string(2, "N")); // dim { dim_param: "N" }
        for (int d : dims) {
            shape.message(1, new Proto().varint(1, d)); // dim { dim_value: d }
        }
        Proto tensor = new Proto().varint(1, elementType()).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensor));
    }
}
