package org.nn4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nn4j.data.Dataset;
import org.nn4j.data.Heap;
import org.nn4j.layers.Layer;
import org.nn4j.layers.LayerConfig;
import org.nn4j.layers.Parameter;
import org.nn4j.losses.Loss;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Noise;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * A stack of layers trained on one loss: the network function and nothing else. Training loops live in
 * {@code org.nn4j.training.Trainer}; this class offers the pieces they need — forward, the gradient of a batch,
 * and the parameters and gradients as two flat vectors.
 *
 * <p>Each layer is built from the shape of one sample as the layer before hands it on ({@link Shape}: a vector of
 * features or an image (C, H, W)), starting from the model's input shape. Batches are feature-major: {@code x} is
 * {@code inputSize × m}, targets {@code y} are {@code outputSize × m} (one-hot for softmax outputs). The loss and
 * the activation the last layer ends in form the model's {@link Head}, checked when the model is built (softmax
 * with mean squared error is refused).
 *
 * <p>Layers' non-trainable state (batch normalisation's running statistics) is packed into a third flat vector,
 * {@link #state()}, and the model owns the one {@link Noise} stream its dropout layers draw from; together with the
 * parameters these are everything a checkpoint must keep.
 *
 * <p>A model computes one stream at a time: its layers keep workspaces and the activations of the last forward pass.
 */
public final class Sequential {
    private final Shape inputShape;
    private final Loss loss;
    private final DType dtype;
    private final List<Layer> layers;
    private final Head head;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<Parameter> stateList = new ArrayList<>();
    private final Tensor flatValues;
    private final Tensor flatGradients;
    private final Tensor flatState;
    private final Noise noise = new Noise();
    private boolean initialized;
    private Tensor lastOutput;
    private Tensor lastInputGradient;
    private Inference inference;
    private Batch arrayBatch;

    /**
     * A float32 model of samples of {@code inputSize} features. Its weights are all zero until
     * {@link #initialize(long)} or training sets them.
     *
     * @param inputSize the features per sample
     * @param loss      the loss it is trained on, which must suit the last layer's activation
     * @param layers    the layers from input to output
     * @throws IllegalArgumentException if the input size is not positive, there are no layers, a layer cannot take
     *                                  its input, or the loss does not fit the last activation
     */
    public Sequential(int inputSize, Loss loss, Layer... layers) {
        this(inputSize, loss, DType.F32, List.of(layers));
    }

    /**
     * A model computing in {@code dtype}, otherwise as {@link #Sequential(int, Loss, Layer...)}: float32 and float64
     * models are built the same way.
     *
     * @param inputSize the features per sample
     * @param loss      the loss it is trained on
     * @param dtype     {@link DType#F32} or {@link DType#F64}
     * @param layers    the layers from input to output
     * @throws IllegalArgumentException as {@link #Sequential(int, Loss, Layer...)}
     */
    public Sequential(int inputSize, Loss loss, DType dtype, Layer... layers) {
        this(inputSize, loss, dtype, List.of(layers));
    }

    /** A model of samples of {@code inputSize} features. */
    public Sequential(int inputSize, Loss loss, DType dtype, List<? extends Layer> layers) {
        this(features(inputSize), loss, dtype, layers);
    }

    /** A float32 model of samples of shape {@code input}, e.g. {@code Shape.image(1, 28, 28)}. */
    public Sequential(Shape input, Loss loss, Layer... layers) {
        this(input, loss, DType.F32, List.of(layers));
    }

    /**
     * A model of samples of shape {@code input}: each layer is built from the shape the one before hands on; a
     * layer that cannot take it, or a loss that does not fit the last layer's activation, is refused naming the
     * layer and the fix.
     */
    public Sequential(Shape input, Loss loss, DType dtype, List<? extends Layer> layers) {
        this(input, loss, dtype, layers, Long.MAX_VALUE);
    }

    /**
     * As {@link #Sequential(Shape, Loss, DType, List)}, refusing before any allocation an architecture of more than
     * {@code maxValues} parameter and state values (a model file's stored values), or one the heap cannot hold.
     */
    private Sequential(Shape input, Loss loss, DType dtype, List<? extends Layer> layers, long maxValues) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        this.inputShape = input;
        this.loss = loss;
        this.dtype = dtype;
        this.layers = List.copyOf(layers);
        Shape shape = input;
        long values = 0;
        for (int i = 0; i < this.layers.size(); i++) {
            Layer layer = this.layers.get(i);
            try {
                shape = layer.build(shape, dtype);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + (i + 1) + " (" + layer.describe() + "): "
                        + e.getMessage(), e);
            }
            parameters.addAll(layer.parameters());
            stateList.addAll(layer.state());
            layer.attachNoise(noise, i);
            for (Parameter p : layer.parameters()) {
                values += p.size();
            }
            for (Parameter p : layer.state()) {
                values += p.size();
            }
            requireFits(values, maxValues, dtype); // after each layer: a later one may allocate by this one's width
        }
        this.head = new Head(this.layers.get(this.layers.size() - 1), loss, dtype);
        int total = parameters.stream().mapToInt(Parameter::size).sum();
        flatValues = Tensor.zeros(dtype, total, 1);
        flatGradients = Tensor.zeros(dtype, total, 1);
        attach(parameters, flatValues, flatGradients);
        flatState = Tensor.zeros(dtype, stateList.stream().mapToInt(Parameter::size).sum(), 1);
        attach(stateList, flatState, null);
    }

    private static Shape features(int inputSize) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + inputSize);
        }
        return Shape.features(inputSize);
    }

    /** Makes each of {@code ps} a view of its stretch of the flat vectors ({@code gradients} may be null). */
    private static void attach(List<Parameter> ps, Tensor values, Tensor gradients) {
        int offset = 0;
        for (Parameter p : ps) {
            p.attach(values.view(offset, p.rows(), p.cols()),
                    gradients == null ? null : gradients.view(offset, p.rows(), p.cols()));
            offset += p.size();
        }
    }

    /** Builds the model a configuration describes, with fresh (uninitialised) parameters. */
    public static Sequential fromConfig(ModelConfig config, DType dtype) {
        return fromConfig(config, dtype, Long.MAX_VALUE);
    }

    /**
     * As {@link #fromConfig(ModelConfig, DType)}, refusing before any allocation a configuration whose parameters
     * and state hold more than {@code maxValues} values: a file that stores n values cannot describe more.
     */
    public static Sequential fromConfig(ModelConfig config, DType dtype, long maxValues) {
        List<Layer> built = new ArrayList<>();
        for (LayerConfig c : config.layers()) {
            built.add(c.create());
        }
        return new Sequential(config.shape(), Loss.parse(config.loss()), dtype, built, maxValues);
    }

    /**
     * Refuses {@code values} parameter and state values when more than {@code maxValues}, more than one flat
     * array holds, or more than the heap has room for with their gradients.
     */
    private static void requireFits(long values, long maxValues, DType dtype) {
        if (values > maxValues) {
            throw new IllegalArgumentException(String.format("the architecture has %,d parameter and state values, "
                    + "more than the %,d allowed", values, maxValues));
        }
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format("the architecture has %,d parameters, more than one "
                    + "Java array holds (2^31 − 9); use smaller layers", values));
        }
        Heap.require(2 * values * (dtype == DType.F64 ? 8 : 4), String.format("the values and gradients of the "
                + "model's %,d parameters", values));
    }

    /** The architecture as data, as model files store it. */
    public ModelConfig config() {
        List<LayerConfig> configs = new ArrayList<>();
        for (Layer layer : layers) {
            configs.add(layer.config());
        }
        return ModelConfig.of(inputShape, configs, loss.name());
    }

    /**
     * Draws every parameter from its initialiser (He or Glorot for weights, zeros for biases), resets the state
     * (running statistics) and seeds the training noise, all from {@code seed}.
     */
    public Sequential initialize(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Parameter p : parameters) {
            p.initializer().initialize(p.value(), p.fanIn(), p.fanOut(), rng);
        }
        for (Parameter s : stateList) {
            s.initializer().initialize(s.value(), s.fanIn(), s.fanOut(), rng);
        }
        noise.reseed(rng.nextLong());
        initialized = true;
        return this;
    }

    /** Marks externally loaded parameters as ready (model files). */
    public void markInitialized() {
        initialized = true;
    }

    public boolean isInitialized() {
        return initialized;
    }

    /** The network's output for a batch x ({@code inputSize × m}); valid until the next call. */
    public Tensor forward(Tensor x, boolean training) {
        requireInitialized("run forward");
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException("input is " + x.dtype() + " but the model is " + dtype);
        }
        return forwardFrom(0, x, training);
    }

    /** Layers {@code first ..} applied to {@code a}, the input of layer {@code first}. */
    Tensor forwardFrom(int first, Tensor a, boolean training) {
        for (int i = first; i < layers.size(); i++) {  // indexed: no iterator per batch
            a = layers.get(i).forward(a, training);
        }
        lastOutput = a;
        return a;
    }

    /**
     * Forward and backward for one batch: leaves ∂L/∂θ (L averaged over the batch) in {@link #gradients()} and
     * returns L. Nothing is updated: an optimiser or a data-parallel trainer applies the gradient.
     */
    public double computeGradients(Tensor x, Tensor y) {
        return computeGradients(x, y, false);
    }

    /**
     * As {@link #computeGradients(Tensor, Tensor)}; with {@code inputGradient} it also returns, through
     * {@link #lastInputGradient()}, m·∂L/∂x (the per-sample input gradient the theory calls dA[0]).
     */
    public double computeGradients(Tensor x, Tensor y, boolean inputGradient) {
        return computeGradients(x, y, null, inputGradient);
    }

    /**
     * One training step's forward and backward: advances the training noise (fresh dropout masks), runs the
     * layers in training mode, and leaves in {@link #gradients()} the gradient of L = (1/m)·Σ_c w_c·l_c + Ω, the
     * batch mean of each sample's loss times its weight ({@code sampleWeights} is 1 × m, or null for 1) plus the
     * layers' regularisation penalties. Returns L.
     */
    public double computeGradients(Tensor x, Tensor y, Tensor sampleWeights, boolean inputGradient) {
        requireInitialized("compute gradients");
        noise.advance();
        Tensor a = forward(x, true);
        if (!y.sameShape(a)) {
            throw new IllegalArgumentException("targets are " + y.shape() + " but the output is " + a.shape());
        }
        double value = head.value(a, y, sampleWeights) + penalty();
        Tensor grad = head.backward(a, y, sampleWeights, inputGradient || layers.size() > 1);
        for (int i = layers.size() - 2; i >= 0; i--) {
            grad = layers.get(i).backward(grad, inputGradient || i > 0);
        }
        lastInputGradient = grad;
        return value;
    }

    /**
     * The equations {@link #computeGradients} runs for a batch of m, layer by layer with their shapes; after a
     * {@code computeGradients} on m samples they also carry that batch's values.
     */
    public Passes passes(int m) {
        return Passes.of(this, m);
    }

    /** The output activation and the loss, paired. */
    public Head head() {
        return head;
    }

    /** dA[0] from the last {@code computeGradients(x, y, true)}. */
    public Tensor lastInputGradient() {
        return lastInputGradient;
    }

    /** The mean loss of a batch plus the regularisation penalties, at inference, without gradients. */
    public double loss(Tensor x, Tensor y) {
        return loss(x, y, false);
    }

    /**
     * The mean loss of a batch plus the regularisation penalties, without gradients. In training mode the layers
     * use batch statistics and the current dropout masks (the noise does not advance): this is the function whose
     * gradient {@link #computeGradients} returns, which gradient checks difference.
     */
    public double loss(Tensor x, Tensor y, boolean training) {
        return head.value(forward(x, training), y, null) + penalty();
    }

    /** Σ of the layers' regularisation penalties Ω at the current weights. */
    public double penalty() {
        double total = 0;
        for (int i = 0; i < layers.size(); i++) {  // indexed: called every batch, no iterator
            total += layers.get(i).penalty();
        }
        return total;
    }

    /** Projects the weights back onto the layers' constraints (max-norm); trainers call it after each step. */
    public void applyConstraints() {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).applyConstraints();
        }
    }

    /** The output activations of the last forward pass ({@code outputSize × m}). */
    public Tensor lastOutput() {
        return lastOutput;
    }

    /**
     * Class probabilities (or regression outputs) for n samples, sample-major in and out.
     *
     * @param features n × inputSize values, sample-major
     * @param n        the number of samples, which must agree with {@code features.length}
     * @return n × outputSize values, sample-major
     * @throws UninitializedModelException if the model has no weights yet
     * @throws IllegalArgumentException    if {@code features.length ≠ n · inputSize}
     */
    public float[] predict(float[] features, int n) {
        requireInitialized("predict");
        return inference().predict(features, n);
    }

    /**
     * Class probabilities (or regression outputs) for the samples of a flat sample-major array.
     *
     * @param samples n × inputSize values: sample i is {@code samples[i·inputSize .. (i+1)·inputSize)}
     * @return n × outputSize values, sample-major
     * @throws UninitializedModelException if the model has no weights yet
     * @throws IllegalArgumentException    if the length is not a multiple of the input size
     */
    public float[] predict(float[] samples) {
        return predict(samples, sampleCount(samples.length));
    }

    /**
     * Class probabilities (or regression outputs), one row per sample: {@code predict(x)[i][k]} is output k for
     * sample {@code x[i]} (for softmax, the probability of class k).
     *
     * @param x n rows of inputSize features
     * @return n rows of outputSize values
     * @throws UninitializedModelException if the model has no weights yet
     * @throws IllegalArgumentException    if a row does not hold inputSize values
     */
    public float[][] predict(float[][] x) {
        float[] flat = predict(rowsToFlat(x));
        float[][] out = new float[x.length][outputSize()];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(flat, i * outputSize(), out[i], 0, outputSize());
        }
        return out;
    }

    /**
     * As {@link #predict(float[][])} for float64 inputs; a float64 model computes and answers without rounding to
     * float32.
     *
     * @param x n rows of inputSize features
     * @return n rows of outputSize values
     * @throws UninitializedModelException if the model has no weights yet
     * @throws IllegalArgumentException    if a row does not hold inputSize values, or a value is not finite
     */
    public double[][] predict(double[][] x) {
        requireInitialized("predict");
        return inference().predict(checkWidth(Dataset.unlabeled(x)));
    }

    /**
     * The predicted class of each sample: the most probable, or for one sigmoid unit, p ≥ 0.5.
     *
     * @param features n × inputSize values, sample-major
     * @param n        the number of samples
     * @return n class indices
     * @throws UninitializedModelException if the model has no weights yet
     */
    public int[] predictClasses(float[] features, int n) {
        requireInitialized("predict");
        return inference().predictClasses(features, n);
    }

    /**
     * The predicted class of each sample of a flat sample-major array.
     *
     * @param samples n × inputSize values
     * @return n class indices
     * @throws UninitializedModelException if the model has no weights yet
     */
    public int[] predictClasses(float[] samples) {
        return predictClasses(samples, sampleCount(samples.length));
    }

    /**
     * The predicted class of each row: the most probable, or for one sigmoid unit, p ≥ 0.5.
     *
     * @param x n rows of inputSize features
     * @return n class indices
     * @throws UninitializedModelException if the model has no weights yet
     */
    public int[] predictClasses(float[][] x) {
        return predictClasses(rowsToFlat(x));
    }

    /**
     * Loss and accuracy (classification) or mean squared error (regression) over a whole data set.
     *
     * @param data labelled samples that fit the model
     * @return the mean loss, accuracy (NaN for regression) and sample count
     * @throws UninitializedModelException if the model has no weights yet
     * @throws IllegalArgumentException    if the data does not fit the model or has no labels
     */
    public Evaluation evaluate(Dataset data) {
        requireInitialized("evaluate");
        return inference().evaluate(data);
    }

    /**
     * One batch's forward and backward from sample-major data: as {@link #computeGradients(Tensor, Tensor)} with
     * the batch laid out for the layers (one-hot targets for classes). The gradient is left in
     * {@link #gradients()}.
     *
     * @param batch the samples of one mini-batch, with labels or targets that fit the model
     * @return the batch's mean loss plus the regularisation penalties
     * @throws UninitializedModelException if the model has no weights yet
     * @throws IllegalArgumentException    if the data does not fit the model
     */
    public double computeGradients(Dataset batch) {
        checkData(batch);
        if (arrayBatch == null) {
            arrayBatch = new Batch(dtype);
        }
        int[] order = Batch.identity(batch.size());
        Tensor x = arrayBatch.features(batch, order, 0, batch.size());
        return computeGradients(x, arrayBatch.targets(batch, order, 0, batch.size(), outputSize()));
    }

    /**
     * Throws unless the model has weights (from {@link #initialize(long)}, training or a model file).
     *
     * @param action what is about to be done, for the message (e.g. {@code "save"})
     * @throws UninitializedModelException if the model has no weights yet
     */
    public void requireInitialized(String action) {
        if (!initialized) {
            throw new UninitializedModelException(action);
        }
    }

    private int sampleCount(int length) {
        if (length % inputSize() != 0) {
            throw new IllegalArgumentException(length + " values do not form samples of " + inputSize() + " features");
        }
        return length / inputSize();
    }

    private float[] rowsToFlat(float[][] x) {
        float[] flat = new float[Math.multiplyExact(x.length, inputSize())];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != inputSize()) {
                throw new IllegalArgumentException("x[" + i + "] has " + x[i].length + " values; the model takes "
                        + inputSize() + " features");
            }
            System.arraycopy(x[i], 0, flat, i * inputSize(), inputSize());
        }
        return flat;
    }

    private Dataset checkWidth(Dataset data) {
        if (data.numFeatures() != inputSize()) {
            throw new IllegalArgumentException("the rows have " + data.numFeatures() + " values; the model takes "
                    + inputSize() + " features");
        }
        return data;
    }

    /** How many columns of {@code probs} predict the label of samples {@code order[from ..]}. */
    public static int countCorrect(Tensor probs, int[] labels, int[] order, int from, int[] scratch) {
        Ops.argmaxColumns(probs, 0.5, scratch, 0);
        int correct = 0;
        for (int c = 0; c < probs.cols(); c++) {
            if (scratch[c] == labels[order[from + c]]) {
                correct++;
            }
        }
        return correct;
    }

    /** Checks that a data set fits this model's input and output; throws naming the mismatch. */
    public void checkData(Dataset data) {
        if (!data.isLabeled()) {
            throw new IllegalArgumentException("the data set has no labels or targets (Dataset.unlabeled): training"
                    + " and evaluation need them; predict takes unlabeled samples");
        }
        if (data.numFeatures() != inputShape.size()) {
            throw new IllegalArgumentException("the model takes " + inputShape.size() + " features"
                    + (inputShape.isImage() ? " (images " + inputShape + ")" : "") + ", the data has "
                    + data.numFeatures());
        }
        int k = outputSize();
        if (loss.classifies()) {
            if (!data.isClassification()) {
                throw new IllegalArgumentException(loss.name() + " needs class labels, the data has real targets");
            }
            int classes = data.numClasses();
            boolean fits = k == 1 ? classes <= 2 : classes <= k;
            if (!fits) {
                throw new IllegalArgumentException("the output layer has " + k + " unit" + (k == 1 ? "" : "s")
                        + " but the data has " + classes + " classes");
            }
        } else if (data.isClassification() ? k != 1 && k != data.numClasses() : data.targetSize() != k) {
            throw new IllegalArgumentException("the output layer has " + k + " units but the data has "
                    + (data.isClassification() ? data.numClasses() + " classes" : data.targetSize() + " targets"));
        }
    }

    private Inference inference() {
        if (inference == null) {
            inference = new Inference(this);
        }
        return inference;
    }

    /** All parameters in one flat vector (P × 1); the layers' W and b are views into it. */
    public Tensor parameters() {
        return flatValues;
    }

    /** All gradients from the last {@link #computeGradients}, laid out like {@link #parameters()}. */
    public Tensor gradients() {
        return flatGradients;
    }

    /** Every parameter, layer by layer, in the order of the flat vectors. */
    public List<Parameter> parameterList() {
        return List.copyOf(parameters);
    }

    /** The layers' non-trainable state in one flat vector (S × 1, possibly empty); running statistics are views. */
    public Tensor state() {
        return flatState;
    }

    /** The training noise: its seed and step are the rest of what a checkpoint keeps besides the vectors. */
    public Noise noise() {
        return noise;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Loss loss() {
        return loss;
    }

    public DType dtype() {
        return dtype;
    }

    /** The number of values of one input sample. */
    public int inputSize() {
        return inputShape.size();
    }

    /** The shape of one input sample: {@code (features)} or {@code (C, H, W)}. */
    public Shape inputShape() {
        return inputShape;
    }

    /** The number of outputs per sample: the last layer's output size. */
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    /** Number of trainable values. */
    public int parameterCount() {
        return flatValues.size();
    }

    /** Number of non-trainable values (running statistics). */
    public int stateCount() {
        return flatState.size();
    }

    /** A Keras-style table: each layer, its output shape and parameter count, then the totals. */
    public String summary() {
        return Summary.of(this);
    }

    /**
     * The layers, loss, precision and size in one line, e.g.
     * {@code Sequential(784 → Dense(256, relu) → Dense(10, softmax); categorical_crossentropy, float32,
     * 203,530 parameters)}, with "no weights yet" before initialisation.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Sequential(").append(inputShape.isImage() ? inputShape : inputSize());
        for (Layer layer : layers) {
            b.append(" → ").append(layer);
        }
        b.append("; ").append(loss.name()).append(", ").append(dtype).append(", ")
                .append(String.format(java.util.Locale.ROOT, "%,d", parameterCount())).append(" parameters");
        return b.append(initialized ? ")" : ", no weights yet)").toString();
    }
}
