package io.repflow.data.video;

/**
 * Encoders of the FFmpeg preset that {@link VideoWriter} uses. The preset is LGPL-built: it has no libx264,
 * so H.264 is written by OpenH264 (Constrained Baseline, hence no B-frames); MPEG-4 Part 2 with the XVID
 * tag and B-frames is what HMDB51's .avi files hold.
 */
public enum VideoCodec {
    /** MPEG-4 Part 2 (FourCC XVID, two B-frames between references) in AVI, as in HMDB51. */
    XVID_AVI("mpeg4", "avi", "avi"),
    /** H.264 Constrained Baseline by OpenH264 in MP4. */
    H264_MP4("libopenh264", "mp4", "mp4"),
    /** VP9 by libvpx in WebM. */
    VP9_WEBM("libvpx-vp9", "webm", "webm");

    private final String encoder;
    private final String container;
    private final String extension;

    VideoCodec(String encoder, String container, String extension) {
        this.encoder = encoder;
        this.container = container;
        this.extension = extension;
    }

    /** FFmpeg encoder name. */
    public String encoder() {
        return encoder;
    }

    /** FFmpeg muxer name. */
    public String container() {
        return container;
    }

    /** File extension without the dot. */
    public String extension() {
        return extension;
    }
}
