package io.repflow.bench;

/** A training step whose memory is measured: {@code batch} clips of {@code video} through {@code model}. */
public record MemoryCase(PaperModel model, VideoShape video, int batch) {

    public MemoryCase {
        if (model == null || video == null) {
            throw new IllegalArgumentException("memory case needs a model and a video; got " + model + ", " + video);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("memory case batch = " + batch + " is out of range; must be >= 1");
        }
    }

    /** {@code repflow-r34 16x112 ×2}. */
    public String label() {
        return model.id() + " " + video.key() + " ×" + batch;
    }
}
