package org.nn4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * An in-memory nn4j data set as a Spark {@code Dataset<Row>} with the columns Spark ML uses: {@code features}
 * (a dense vector) and {@code label} (the class index as a double, or the regression target: a double for one
 * target, a vector for several). Row i is sample i, in order, so a {@link SparkTrainer} visits the same samples
 * in the same batches as {@code Trainer} with the same seed.
 *
 * <p>The samples travel to the executors as one broadcast of contiguous float blocks, one per partition, and
 * become rows there: the driver never holds a row object per sample, and tasks carry only a partition number (data
 * given to {@code parallelize} itself would be serialised into every task of every job that reads it, cached or not).
 */
public final class DataFrames {
    public static final String FEATURES = "features";
    public static final String LABEL = "label";

    private DataFrames() {
    }

    /** The samples of {@code data} in {@code partitions} partitions of consecutive rows. */
    public static Dataset<Row> of(SparkSession spark, org.nn4j.data.Dataset data, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("DataFrames.of: partitions must be positive, got " + partitions);
        }
        if (!data.isLabeled()) {
            throw new IllegalArgumentException("DataFrames.of: the data set has no labels or targets");
        }
        int n = data.size();
        List<Block> blocks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            blocks.add(Block.of(data, (int) ((long) n * p / partitions), (int) ((long) n * (p + 1) / partitions)));
        }
        boolean vectorLabel = !data.isClassification() && data.targetSize() > 1;
        StructType schema = new StructType()
                .add(FEATURES, SQLDataTypes.VectorType(), false)
                .add(LABEL, vectorLabel ? SQLDataTypes.VectorType() : DataTypes.DoubleType, false);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<List<Block>> shipped = sc.broadcast(blocks);
        JavaRDD<Row> rows = sc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
                .flatMap(p -> shipped.value().get(p).rows());
        return spark.createDataFrame(rows, schema);
    }

    private static double[] doubles(float[] values, int from, int length) {
        double[] out = new double[length];
        for (int j = 0; j < length; j++) {
            out[j] = values[from + j];
        }
        return out;
    }

    /** Samples [from, to) of a data set, sample-major, as they are shipped to one partition. */
    private record Block(double[] features, int numFeatures, int[] labels, double[] targets, int targetSize)
            implements Serializable {
        static Block of(org.nn4j.data.Dataset data, int from, int to) {
            int d = data.numFeatures();
            // float64 data travel unrounded; float32 values widen exactly
            double[] x = data.isDouble() ? Arrays.copyOfRange(data.doubleFeatures(), from * d, to * d)
                    : doubles(data.features(), from * d, (to - from) * d);
            if (data.isClassification()) {
                return new Block(x, d, Arrays.copyOfRange(data.labels(), from, to), null, 0);
            }
            int t = data.targetSize();
            double[] y = data.isDouble() ? Arrays.copyOfRange(data.doubleTargets(), from * t, to * t)
                    : doubles(data.targets(), from * t, (to - from) * t);
            return new Block(x, d, null, y, t);
        }

        /** The rows, made one at a time as Spark consumes them. */
        Iterator<Row> rows() {
            return IntStream.range(0, features.length / numFeatures).mapToObj(this::row).iterator();
        }

        private Row row(int i) {
            Object label = labels != null ? (Object) (double) labels[i]
                    : targetSize == 1 ? (Object) (double) targets[i]
                    : Vectors.dense(Arrays.copyOfRange(targets, i * targetSize, (i + 1) * targetSize));
            return RowFactory.create(Vectors.dense(Arrays.copyOfRange(features, i * numFeatures,
                    (i + 1) * numFeatures)), label);
        }
    }
}
