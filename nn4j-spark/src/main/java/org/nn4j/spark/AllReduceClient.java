package org.nn4j.spark;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.nn4j.layers.BatchNorm;

/**
 * An executor thread's end of the all-reduce of synchronised batch normalisation ({@link AllReduceService}): one
 * connection to the driver, kept for the run; each task numbers its exchanges from 0 ({@link #startTask}). While
 * it waits for the total it checks once a second whether Spark has killed the task (a barrier stage whose other
 * task failed), so that a lost partner never holds the slot.
 */
final class AllReduceClient implements BatchNorm.AllReduce {
    private final RunSpec spec;
    private Socket socket;
    private DataOutputStream out;
    private InputStream in;
    private int exchange;

    AllReduceClient(RunSpec spec) {
        this.spec = spec;
    }

    /** A task begins: its first exchange is number 0. */
    void startTask() {
        exchange = 0;
    }

    @Override
    public double[] sum(double[] local) {
        TaskContext task = TaskContext.get();
        try {
            connect();
            out.writeUTF(spec.runId());
            out.writeInt(task.stageId());
            out.writeInt(task.stageAttemptNumber());
            out.writeInt(exchange++);
            out.writeInt(task.partitionId());
            out.writeInt(spec.starts().length);
            out.writeInt(local.length);
            for (double v : local) {
                out.writeDouble(v);
            }
            out.flush();
            byte[] reply = new byte[Double.BYTES * local.length];
            for (int read = 0; read < reply.length; ) {
                try {
                    int n = in.read(reply, read, reply.length - read);
                    if (n < 0) {
                        throw new IOException("the driver closed the connection");
                    }
                    read += n;
                } catch (SocketTimeoutException e) {
                    if (task.isInterrupted()) {
                        close();
                        throw new TaskKilledException(task.getKillReason().getOrElse(() -> "killed"));
                    }
                }
            }
            double[] total = new double[local.length];
            ByteBuffer.wrap(reply).asDoubleBuffer().get(total);
            return total;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("batch normalisation's statistics: the exchange with the driver at "
                    + spec.allReduceHost() + ":" + spec.allReducePort() + " failed: " + e.getMessage(), e);
        }
    }

    private void connect() throws IOException {
        if (socket == null) {
            socket = new Socket(spec.allReduceHost(), spec.allReducePort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(1000);
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            in = socket.getInputStream();
        }
    }

    private void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            // closing a broken connection: nothing left to do with it
        }
        socket = null;
    }
}
