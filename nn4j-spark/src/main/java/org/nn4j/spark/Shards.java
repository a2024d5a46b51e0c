package org.nn4j.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.nn4j.models.Sequential;

/**
 * A {@code Dataset<Row>} read once into {@link Shard}s, one per partition, cached in memory; with the global index
 * of each partition's first sample, so that global sample i is row i of the data, counted partition by partition.
 * A lost shard is re-read from its rows by Spark, as any cached partition is.
 */
final class Shards {
    private final JavaRDD<Shard> rdd;
    private final long[] starts;
    private final int size;

    private Shards(JavaRDD<Shard> rdd, long[] starts, int size) {
        this.rdd = rdd;
        this.starts = starts;
        this.size = size;
    }

    /** Reads and caches the rows; the first Spark job of a run. */
    static Shards read(Dataset<Row> rows, String featuresCol, String labelCol, Sequential model) {
        RowLayout layout = RowLayout.of(rows.schema(), featuresCol, labelCol, model);
        JavaRDD<Shard> rdd = rows.javaRDD()
                .mapPartitionsWithIndex((p, it) -> single(layout.read(p, it)), true)
                .persist(StorageLevel.MEMORY_ONLY());
        List<int[]> sizes = SparkErrors.unwrap(() -> rdd.map(s -> new int[]{s.partition(), s.size()}).collect());
        long[] starts = new long[rdd.getNumPartitions()];
        long total = 0;
        for (int[] ps : sizes) {
            starts[ps[0]] = ps[1];
        }
        for (int p = 0; p < starts.length; p++) {
            long count = starts[p];
            starts[p] = total;
            total += count;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("SparkTrainer: " + total + " samples are more than one epoch's "
                    + "order can index (" + (Integer.MAX_VALUE - 8) + ")");
        }
        return new Shards(rdd, starts, (int) total);
    }

    private static Iterator<Shard> single(Shard shard) {
        return List.of(shard).iterator();
    }

    JavaRDD<Shard> rdd() {
        return rdd;
    }

    /** Global index of the first sample of each partition. */
    long[] starts() {
        return starts.clone();
    }

    /** Number of samples. */
    int size() {
        return size;
    }

    void release() {
        rdd.unpersist(false);
    }
}
