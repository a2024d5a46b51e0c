package org.nn4j.layers;

import org.nn4j.tensor.Tensor;

/**
 * One step of a pass as a layer runs it, for explanations: the formula in the theory's notation
 * ({@code Z[1] = W[1]·A[0] + b[1]}), the shapes it works on ({@code (256×784)·(784×128) + (256×1) → (256×128)}),
 * a note (e.g. the activation's derivative), and the tensor holding the result of the last pass, when the layer
 * keeps it (else null).
 *
 * @param formula the step in the theory's notation
 * @param shapes  the shapes it works on and produces
 * @param note    what else to know (a derivative, a fusion), or null
 * @param value   the tensor the last pass left for this step, or null
 */
public record Equation(String formula, String shapes, String note, Tensor value) {
    public Equation {
        if (formula == null || formula.isBlank()) {
            throw new IllegalArgumentException("an equation needs a formula");
        }
        shapes = shapes == null ? "" : shapes;
        note = note == null ? "" : note;
    }

    /** {@code (rows×cols)}, as the shapes are written. */
    public static String shape(int rows, int cols) {
        return "(" + rows + "×" + cols + ")";
    }

    /** {@code name[l]}: a quantity of layer l, e.g. {@code A[0]} for the input. */
    public static String at(String name, int layer) {
        return name + "[" + layer + "]";
    }
}
