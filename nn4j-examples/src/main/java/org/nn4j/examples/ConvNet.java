package org.nn4j.examples;

import java.io.IOException;
import java.util.function.Consumer;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.data.FashionMnist;
import org.nn4j.layers.ActivationLayer;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.Padding;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;

/** LeNet-5 on Fashion-MNIST's images, built from the shape of one sample. */
public final class ConvNet {
    private ConvNet() {
    }

    /**
     * Builds the network and loads the images it takes.
     *
     * @param args none
     * @throws IOException if Fashion-MNIST cannot be read
     */
    public static void main(String[] args) throws IOException {
        Consumer<String> log = System.out::println;
        // tag::lenet[]
        Sequential lenet = new Sequential(FashionMnist.SHAPE, Loss.CATEGORICAL_CROSSENTROPY,   // (1, 28, 28)
                new Conv2D(6, 5, 1, Padding.of(2)), new ActivationLayer(Activation.RELU), new MaxPool2D(2),
                new Conv2D(16, 5), new ActivationLayer(Activation.RELU), new MaxPool2D(2), new Flatten(),
                new Dense(120, Activation.RELU), new Dense(84, Activation.RELU), new Dense(10, Activation.SOFTMAX));
        System.out.println(lenet.head().describe());          // softmax + categorical_crossentropy (fused)
        Dataset images = FashionMnist.load("train", log);     // images.shape() is (1, 28, 28); csv.withShape(Shape.image(3, 32, 32))
        // end::lenet[]
        System.out.println(lenet + " on " + images.shape());
    }
}
