package io.repflow.data.loader;

import io.repflow.data.video.VideoException;

/** A sample a loader left out under {@link BadVideoPolicy#SKIP}, with the reason. */
public record SkippedSample(int index, String source, VideoException.Kind kind, String message) {}
