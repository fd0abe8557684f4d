package io.repflow.data.synthetic;

import java.util.List;

/**
 * The motions of {@link SyntheticMotion}. Image coordinates: x to the right, y downwards, so {@link #UP}
 * moves content towards row 0 and {@link #ROTATE_CW} turns clockwise as seen on screen. {@link #ZOOM_IN}
 * moves texture elements away from the centre (as when a camera zooms in), {@link #ZOOM_OUT} towards it.
 */
public enum MotionClass {
    RIGHT("right", Kind.TRANSLATION, 1, 0),
    LEFT("left", Kind.TRANSLATION, -1, 0),
    UP("up", Kind.TRANSLATION, 0, -1),
    DOWN("down", Kind.TRANSLATION, 0, 1),
    UP_RIGHT("up-right", Kind.TRANSLATION, 1, -1),
    UP_LEFT("up-left", Kind.TRANSLATION, -1, -1),
    DOWN_RIGHT("down-right", Kind.TRANSLATION, 1, 1),
    DOWN_LEFT("down-left", Kind.TRANSLATION, -1, 1),
    ROTATE_CW("rotate-cw", Kind.ROTATION, 1, 0),
    ROTATE_CCW("rotate-ccw", Kind.ROTATION, -1, 0),
    ZOOM_IN("zoom-in", Kind.ZOOM, 1, 0),
    ZOOM_OUT("zoom-out", Kind.ZOOM, -1, 0),
    STATIC("static", Kind.STATIC, 0, 0);

    /** The family of a motion. */
    public enum Kind {
        TRANSLATION,
        ROTATION,
        ZOOM,
        STATIC
    }

    private final String id;
    private final Kind kind;
    private final int dx;
    private final int dy;

    MotionClass(String id, Kind kind, int dx, int dy) {
        this.id = id;
        this.kind = kind;
        this.dx = dx;
        this.dy = dy;
    }

    /** Lower-case name used in file names and list files, e.g. {@code "rotate-cw"}. */
    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** Horizontal direction of a translation (-1, 0, 1); the sense of a rotation or zoom (+1 = cw / in). */
    int dx() {
        return dx;
    }

    /** Vertical direction of a translation (-1, 0, 1), y downwards. */
    int dy() {
        return dy;
    }

    /** Right, left, up, down. */
    public static List<MotionClass> translations4() {
        return List.of(RIGHT, LEFT, UP, DOWN);
    }

    /** The four axis directions and the four diagonals. */
    public static List<MotionClass> translations8() {
        return List.of(RIGHT, LEFT, UP, DOWN, UP_RIGHT, UP_LEFT, DOWN_RIGHT, DOWN_LEFT);
    }

    /** All 13 motions. */
    public static List<MotionClass> all() {
        return List.of(values());
    }

    /** The motion with this {@link #id()}; throws naming the known ids otherwise. */
    public static MotionClass ofId(String id) {
        for (MotionClass m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        StringBuilder known = new StringBuilder();
        for (MotionClass m : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(m.id);
        }
        throw new IllegalArgumentException("unknown motion class '" + id + "'; known: " + known);
    }
}
