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
 * <p>The samples travel to the executors as contiguous blocks, one broadcast per partition (float32 data as
 * floats, float64 data as doubles), and become rows there: the driver never holds a row object per sample, an
 * executor fetches only the blocks of its own partitions, and tasks carry only a partition number and the blocks'
 * handles (data given to {@code parallelize} itself would be serialised into every task of every job that reads it,
 * cached or not).
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
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Broadcast<Block>> blocks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            blocks.add(sc.broadcast(Block.of(data, (int) ((long) n * p / partitions),
                    (int) ((long) n * (p + 1) / partitions))));
        }
        boolean vectorLabel = !data.isClassification() && data.targetSize() > 1;
        StructType schema = new StructType()
                .add(FEATURES, SQLDataTypes.VectorType(), false)
                .add(LABEL, vectorLabel ? SQLDataTypes.VectorType() : DataTypes.DoubleType, false);
        JavaRDD<Row> rows = sc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
                .flatMap(p -> blocks.get(p).value().rows());
        return spark.createDataFrame(rows, schema);
    }

    /** Samples [from, to) of a data set, sample-major, as they are shipped to one partition. */
    private record Block(Shard.Values features, int numFeatures, int[] labels, Shard.Values targets, int targetSize)
            implements Serializable {
        static Block of(org.nn4j.data.Dataset data, int from, int to) {
            int d = data.numFeatures();
            // float64 data travel unrounded, float32 data as they are
            Shard.Values x = data.isDouble() ? Shard.Values.range(data.doubleFeatures(), from * d, to * d)
                    : Shard.Values.range(data.features(), from * d, to * d);
            if (data.isClassification()) {
                return new Block(x, d, Arrays.copyOfRange(data.labels(), from, to), null, 0);
            }
            int t = data.targetSize();
            Shard.Values y = data.isDouble() ? Shard.Values.range(data.doubleTargets(), from * t, to * t)
                    : Shard.Values.range(data.targets(), from * t, to * t);
            return new Block(x, d, null, y, t);
        }

        /** The rows, made one at a time as Spark consumes them. */
        Iterator<Row> rows() {
            return IntStream.range(0, features.length() / numFeatures).mapToObj(this::row).iterator();
        }

        private Row row(int i) {
            Object label = labels != null ? (Object) (double) labels[i]
                    : targetSize == 1 ? (Object) targets.widened(i, 1)[0]
                    : Vectors.dense(targets.widened(i * targetSize, targetSize));
            return RowFactory.create(Vectors.dense(features.widened(i * numFeatures, numFeatures)), label);
        }
    }
}
