package io.repflow.data.video;

/** The size decoded frames are scaled to (by swscale, bilinear) before they reach Java. */
public sealed interface FrameSize {

    /** Width and height for a source of the given size. */
    int[] resolve(int sourceWidth, int sourceHeight);

    /** The source's own size. */
    static FrameSize source() {
        return Source.INSTANCE;
    }

    /** Exactly {@code width × height}. */
    static FrameSize exact(int width, int height) {
        return new Exact(width, height);
    }

    /** The shorter side becomes {@code shortSide}, the other keeps the aspect ratio (rounded, at least 1). */
    static FrameSize shortSide(int shortSide) {
        return new ShortSide(shortSide);
    }

    /** The source size. */
    enum Source implements FrameSize {
        INSTANCE;

        @Override
        public int[] resolve(int sourceWidth, int sourceHeight) {
            return new int[] {sourceWidth, sourceHeight};
        }
    }

    /** A fixed size. */
    record Exact(int width, int height) implements FrameSize {
        public Exact {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("frame size must be positive but is " + width + "x" + height);
            }
        }

        @Override
        public int[] resolve(int sourceWidth, int sourceHeight) {
            return new int[] {width, height};
        }
    }

    /** Resize keeping the aspect ratio so that the shorter side has the given length. */
    record ShortSide(int shortSide) implements FrameSize {
        public ShortSide {
            if (shortSide <= 0) {
                throw new IllegalArgumentException("short side must be positive but is " + shortSide);
            }
        }

        @Override
        public int[] resolve(int sourceWidth, int sourceHeight) {
            if (sourceWidth <= sourceHeight) {
                return new int[] {
                    shortSide, Math.max(1, (int) Math.round((double) sourceHeight * shortSide / sourceWidth))
                };
            }
            return new int[] {Math.max(1, (int) Math.round((double) sourceWidth * shortSide / sourceHeight)), shortSide
            };
        }
    }
}
