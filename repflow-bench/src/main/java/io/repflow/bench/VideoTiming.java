package io.repflow.bench;

/**
 * Per-video time of one part of a pipeline: a network's EVAL forward pass on one clip, or OpenCV
 * TV-L1 on all frame pairs of the video ({@code component = "tvl1"}, {@code backend = "opencv"}).
 *
 * @param backend   backend id, or {@value #OPENCV}
 * @param component a {@link PaperModel#id()} or {@value #TVL1}
 * @param video     the video
 * @param ms        milliseconds per video (JMH average)
 * @param errorMs   99.9 % confidence half-width (NaN with a single sample)
 */
public record VideoTiming(String backend, String component, VideoShape video, double ms, double errorMs) {

    public static final String OPENCV = "opencv";
    public static final String TVL1 = "tvl1";
}
