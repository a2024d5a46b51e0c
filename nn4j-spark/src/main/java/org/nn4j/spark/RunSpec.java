package org.nn4j.spark;

import java.io.Serializable;

/**
 * What every task of a training run needs to rebuild the driver's model and optimiser and to find its samples:
 * broadcast once per run. The architecture and the training settings (with the optimiser) travel as nn4j's JSON
 * configuration.
 *
 * @param runId     tells the replicas of one run from those of another on a reused executor thread
 * @param batchSize the global mini-batch size
 * @param starts    global index of the first row of each partition
 * @param size      number of training samples
 * @param synchronisedStatistics true when batch normalisation layers share each global batch's statistics
 * @param allReduceHost          where the driver's {@link AllReduceService} listens (null without one)
 * @param allReducePort          its port
 */
record RunSpec(String runId, String modelJson, String dtype, String trainingJson, int batchSize, long[] starts,
               int size, boolean synchronisedStatistics, String allReduceHost, int allReducePort)
        implements Serializable {

    /** Where {@code shard}'s samples fall in the batches of an epoch visited in {@code order}. */
    Shard.Plan plan(Shard shard, int epoch, int[] order) {
        return shard.plan(epoch, order, batchSize, starts[shard.partition()]);
    }

    /** Number of samples in global batches {@code first .. first + count − 1}. */
    int samplesIn(int first, int count) {
        return (int) (Math.min((long) (first + count) * batchSize, size) - (long) first * batchSize);
    }
}
