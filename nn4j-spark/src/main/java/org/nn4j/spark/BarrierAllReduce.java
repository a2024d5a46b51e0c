package org.nn4j.spark;

import java.nio.ByteBuffer;
import java.util.Base64;
import org.apache.spark.BarrierTaskContext;
import org.nn4j.layers.BatchNorm;

/**
 * The all-reduce of synchronised batch normalisation between the tasks of one barrier stage: every task sends its
 * vector to all the others ({@link BarrierTaskContext#allGather}, which carries strings: the doubles' bytes in
 * Base64) and adds the vectors in partition order, so that every task gets the same total to the last bit.
 */
final class BarrierAllReduce implements BatchNorm.AllReduce {
    @Override
    public double[] sum(double[] local) {
        ByteBuffer out = ByteBuffer.allocate(Double.BYTES * local.length);
        out.asDoubleBuffer().put(local);
        String[] all = BarrierTaskContext.get().allGather(Base64.getEncoder().encodeToString(out.array()));
        double[] total = new double[local.length];
        for (String message : all) {  // indexed by partition
            ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(message));
            for (int i = 0; i < total.length; i++) {
                total[i] += in.getDouble();
            }
        }
        return total;
    }
}
