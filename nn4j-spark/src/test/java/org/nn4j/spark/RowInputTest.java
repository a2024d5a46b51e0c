package org.nn4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.functions;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.nn4j.data.Dataset;
import org.nn4j.models.Evaluation;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.tensor.DType;
import org.nn4j.training.History;
import org.nn4j.training.TrainingConfig;

/** What rows SparkTrainer accepts, what it refuses and how it says so, and validation after each epoch. */
class RowInputTest {
    private static final Dataset DATA = LocalSpark.blobs(200, 31);
    private static final TrainingConfig CONFIG = TrainingConfig.builder().epochs(2).batchSize(32)
            .optimizer(OptimizerConfig.named("adam", 0.01)).seed(3).build();

    private static org.apache.spark.sql.Dataset<Row> rows() {
        return DataFrames.of(LocalSpark.session(), DATA, 2);
    }

    private static String failure(org.apache.spark.sql.Dataset<Row> rows) {
        return assertThrows(IllegalArgumentException.class, () -> SparkTrainer.fit(LocalSpark.model(DType.F32), rows,
                SparkTrainingConfig.of(CONFIG))).getMessage();
    }

    @Test
    void arraysOfFloatsTrainLikeVectors() {
        Sequential fromVectors = LocalSpark.model(DType.F32);
        SparkTrainer.fit(fromVectors, rows(), SparkTrainingConfig.of(CONFIG));
        org.apache.spark.sql.Dataset<Row> arrays = rows()
                .withColumn("x", functions.vector_to_array(col(DataFrames.FEATURES), "float32"))
                .withColumn("y", col(DataFrames.LABEL).cast("int"));
        Sequential fromArrays = LocalSpark.model(DType.F32);
        SparkTrainer.fit(fromArrays, arrays, SparkTrainingConfig.of(CONFIG).withColumns("x", "y"));
        assertArrayEquals(fromVectors.parameters().toDoubleArray(), fromArrays.parameters().toDoubleArray(), 0);
    }

    @Test
    void validationRowsAreScoredAfterEachEpoch() {
        Dataset heldOut = LocalSpark.blobs(150, 32);
        Sequential model = LocalSpark.model(DType.F32);
        History h = new SparkTrainer(SparkTrainingConfig.of(CONFIG))
                .fit(model, rows(), DataFrames.of(LocalSpark.session(), heldOut, 3));
        Evaluation local = model.evaluate(heldOut);
        assertEquals(local.loss(), h.last().get("val_loss"), 1e-6);
        assertEquals(local.accuracy(), h.last().get("val_accuracy"), 1e-12);
        assertEquals(2, h.metric("val_loss").length);
    }

    @Test
    void badColumnsAndValuesAreNamed() {
        assertEquals("SparkTrainer: no label column 'label' in the data (columns: features)",
                failure(rows().drop(DataFrames.LABEL)));
        assertTrue(failure(rows().withColumn("features", lit("x"))).contains(
                "the features column 'features' is string; expected a vector or an array of numbers"));
        String label = failure(rows().withColumn(DataFrames.LABEL,
                when(col(DataFrames.LABEL).equalTo(2), lit(7.0)).otherwise(col(DataFrames.LABEL))));
        assertTrue(label.matches("SparkTrainer: partition \\d, row \\d+: label 7\\.0 is not a class index 0\\.\\.2"),
                label);
        org.apache.spark.sql.Dataset<Row> narrow = rows()
                .withColumn("features", functions.vector_to_array(col("features"), "float64"))
                .withColumn("features", org.apache.spark.sql.functions.slice(col("features"), 1, 5));
        // every partition is too narrow; whichever task fails first is the one reported
        String width = failure(narrow);
        assertTrue(width.matches("SparkTrainer: partition \\d, row 0: column 'features' has 5 values, the model needs 6"),
                width);
    }

    @Test
    void batchNormalisationOnMorePartitionsThanTaskSlotsIsRefusedWithTheFix() {
        Sequential withBatchNorm = new Sequential(6, org.nn4j.losses.Loss.CATEGORICAL_CROSSENTROPY, DType.F32,
                java.util.List.of(new org.nn4j.layers.Dense(8, org.nn4j.activations.Activation.RELU),
                        new org.nn4j.layers.BatchNorm(),
                        new org.nn4j.layers.Dense(3, org.nn4j.activations.Activation.SOFTMAX)));
        org.apache.spark.sql.Dataset<Row> three = DataFrames.of(LocalSpark.session(), LocalSpark.blobs(60, 2), 3);
        String message = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.fit(withBatchNorm, three, SparkTrainingConfig.of(CONFIG))).getMessage();
        assertEquals("SparkTrainer: with batch normalisation every partition of a step runs at once (a barrier "
                + "stage): 3 partitions need as many task slots, the cluster has 2 (repartition the rows, or "
                + "--partitions 2)", message);
    }
}
