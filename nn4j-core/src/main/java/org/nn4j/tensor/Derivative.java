package org.nn4j.tensor;

/** An activation's derivative g′ at one element, given its input z and output a = g(z). */
@FunctionalInterface
public interface Derivative {
    double at(double z, double a);
}
