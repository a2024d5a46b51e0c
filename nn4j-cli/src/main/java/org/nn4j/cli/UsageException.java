package org.nn4j.cli;

/** A command line that cannot work as given (a flag's value, or flags that contradict each other): exit status 2. */
final class UsageException extends IllegalArgumentException {
    UsageException(String message) {
        super(message);
    }

    /** Runs {@code check}; an {@link IllegalArgumentException} it throws is a usage error. */
    static <T> T of(java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
