package dev.courier.ops.replay;

/** A replay that must not happen, with the one line that says why and what to do instead. Nothing was changed. */
public final class ReplayRefused extends RuntimeException {

    public ReplayRefused(String message) {
        super(message, null, false, false);
    }
}
