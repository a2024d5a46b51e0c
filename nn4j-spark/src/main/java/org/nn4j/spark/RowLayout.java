package org.nn4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;

/**
 * Where a row keeps its features and label, and how to read them into a {@link Shard}. Features are a Spark ML
 * vector or an array of numbers, as wide as the model's input. For a classifier the label is a number holding a
 * class index (0 .. k − 1, k the number of output units, or 2 for one sigmoid unit); for regression it is a
 * number (one target) or a vector or array of the model's output width.
 *
 * <p>The schema is checked on the driver before any task runs; values are checked as rows are read, and a bad one
 * fails naming the partition, the row within it, the column and the cause.
 */
record RowLayout(String featuresCol, int featureIndex, Kind featureKind, String labelCol, int labelIndex,
                 Kind labelKind, int numFeatures, int classes, int targetSize, boolean doubles)
        implements Serializable {

    /** How a column holds its numbers. */
    enum Kind {
        NUMBER, VECTOR, ARRAY;

        static Kind of(DataType type) {
            if (type instanceof NumericType) {
                return NUMBER;
            }
            if (type.equals(SQLDataTypes.VectorType())) {
                return VECTOR;
            }
            if (type instanceof ArrayType a && a.elementType() instanceof NumericType) {
                return ARRAY;
            }
            return null;
        }
    }

    /** The layout of {@code schema} for {@code model}; a missing or ill-typed column fails naming it. */
    static RowLayout of(StructType schema, String featuresCol, String labelCol, Sequential model) {
        int f = column(schema, featuresCol, "features");
        int l = column(schema, labelCol, "label");
        Kind fk = Kind.of(schema.fields()[f].dataType());
        if (fk == null || fk == Kind.NUMBER) {
            throw new IllegalArgumentException("SparkTrainer: the features column '" + featuresCol + "' is "
                    + schema.fields()[f].dataType().simpleString() + "; expected a vector or an array of numbers");
        }
        Kind lk = Kind.of(schema.fields()[l].dataType());
        boolean classifies = model.loss().classifies();
        if (lk == null || (classifies && lk != Kind.NUMBER)) {
            throw new IllegalArgumentException("SparkTrainer: the label column '" + labelCol + "' is "
                    + schema.fields()[l].dataType().simpleString() + "; expected "
                    + (classifies ? "a number (the class index)" : "a number, a vector or an array of numbers"));
        }
        int k = model.outputSize();
        return new RowLayout(featuresCol, f, fk, labelCol, l, lk, model.inputSize(),
                classifies ? Math.max(k, 2) : 0, classifies ? 0 : k, model.dtype() == DType.F64);
    }

    private static int column(StructType schema, String name, String role) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(name)) {
            throw new IllegalArgumentException("SparkTrainer: no " + role + " column '" + name + "' in the data "
                    + "(columns: " + String.join(", ", names) + ")");
        }
        return names.indexOf(name);
    }

    /** Reads the rows of one partition: float64 values for a float64 model, float32 otherwise. */
    Shard read(int partition, Iterator<Row> rows) {
        int width = classes > 0 ? 1 : targetSize;
        double[] features = new double[numFeatures];
        double[] target = new double[width];
        Shard.Values.Builder x = new Shard.Values.Builder(doubles, numFeatures * 64);
        // class indices are kept exactly; regression targets as the features are
        Shard.Values.Builder y = new Shard.Values.Builder(doubles || classes > 0, width * 64);
        int n = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            read(row, featureIndex, featureKind, featuresCol, numFeatures, features, partition, n);
            read(row, labelIndex, labelKind, labelCol, width, target, partition, n);
            if (classes > 0) {
                double label = target[0];
                if (label != Math.rint(label) || label < 0 || label >= classes) {
                    throw new IllegalArgumentException(where(partition, n) + "label " + label
                            + " is not a class index 0.." + (classes - 1));
                }
            }
            x.append(features);
            y.append(target);
            n++;
        }
        Shard.Values targets = y.build();
        if (classes > 0) {
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (int) targets.doubles()[i];
            }
            return Shard.classification(partition, x.build(), numFeatures, labels, classes);
        }
        return Shard.regression(partition, x.build(), numFeatures, targets, targetSize);
    }

    /** Copies the {@code width} numbers of one cell into {@code out}. */
    private static void read(Row row, int index, Kind kind, String col, int width, double[] out, int partition,
                             int n) {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException(where(partition, n) + "column '" + col + "' is null");
        }
        switch (kind) {
            case NUMBER -> {
                if (width != 1) {
                    throw new IllegalArgumentException(where(partition, n) + "column '" + col + "' holds one "
                            + "number, the model needs " + width);
                }
                out[0] = ((Number) row.get(index)).doubleValue();
            }
            case VECTOR -> copy(((Vector) row.get(index)).toArray(), col, width, out, partition, n);
            case ARRAY -> {
                List<Object> list = row.getList(index);
                double[] values = new double[list.size()];
                for (int j = 0; j < values.length; j++) {
                    if (list.get(j) == null) {
                        throw new IllegalArgumentException(where(partition, n) + "column '" + col + "' has a null "
                                + "at position " + j);
                    }
                    values[j] = ((Number) list.get(j)).doubleValue();
                }
                copy(values, col, width, out, partition, n);
            }
        }
    }

    private static void copy(double[] values, String col, int width, double[] out, int partition, int n) {
        if (values.length != width) {
            throw new IllegalArgumentException(where(partition, n) + "column '" + col + "' has " + values.length
                    + " values, the model needs " + width);
        }
        System.arraycopy(values, 0, out, 0, width);
    }

    private static String where(int partition, int row) {
        return "SparkTrainer: partition " + partition + ", row " + row + ": ";
    }
}
