package org.nn4j.io;

import java.io.IOException;

/**
 * A safetensors image is malformed: truncated, with a header that is not the JSON the format prescribes, or with
 * tensor offsets that do not tile the data buffer. The message names the file (when reading one) and the exact
 * cause, because a model that fails to load is diagnosed from this message alone.
 *
 * <p>It is an {@link IOException} so that callers handle a corrupt file where they already handle an unreadable one.
 */
public final class SafetensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String reason;
    private final boolean truncated;

    /**
     * @param source the file or stream being read, or {@code null} for an anonymous byte array
     * @param reason what is wrong, in terms of the format
     */
    public SafetensorsFormatException(String source, String reason) {
        this(source, reason, false);
    }

    private SafetensorsFormatException(String source, String reason, boolean truncated) {
        super(source == null ? reason : source + ": " + reason);
        this.source = source;
        this.reason = reason;
        this.truncated = truncated;
    }

    /** The input ends before the bytes its own header announces: cut short rather than garbled. */
    static SafetensorsFormatException truncated(String source, String reason) {
        return new SafetensorsFormatException(source, reason, true);
    }

    /** True if the input ended before the bytes its header announces (an interrupted write or copy). */
    public boolean isTruncated() {
        return truncated;
    }

    /** The file or stream being read, or {@code null}. */
    public String source() {
        return source;
    }

    /** What is wrong, without the source. */
    public String reason() {
        return reason;
    }
}
