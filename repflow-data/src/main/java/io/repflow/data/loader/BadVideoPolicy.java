package io.repflow.data.loader;

/** What a loader does with a missing, corrupt or too-short video. */
public enum BadVideoPolicy {
    /** Stop the epoch with the video's {@link io.repflow.data.video.VideoException} (names the file). */
    FAIL,
    /** Leave the sample out, count it, and report all such samples at the end of the epoch. */
    SKIP
}
