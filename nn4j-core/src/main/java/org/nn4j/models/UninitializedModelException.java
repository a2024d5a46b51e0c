package org.nn4j.models;

/**
 * A model was asked to predict, evaluate, save or compute gradients before it had weights. A {@link Sequential}
 * gets its weights from {@link Sequential#initialize(long)}, from training ({@code Trainer.fit} initialises a new
 * model from its seed) or from a model file; until then every weight is zero and any answer would be meaningless.
 */
public final class UninitializedModelException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception for an attempt to {@code action} a model without weights.
     *
     * @param action what was asked, e.g. {@code "predict"}
     */
    public UninitializedModelException(String action) {
        super("cannot " + action + ": the model has no weights yet; call initialize(seed), train it with"
                + " Trainer.fit, or load it with SavedModel.load");
    }
}
