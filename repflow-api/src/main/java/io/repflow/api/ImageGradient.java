package io.repflow.api;

/** How the flow layer takes the image gradient of the second feature map. */
public enum ImageGradient {
    /** 3-tap central difference {@code [-0.5, 0, 0.5]} inside, one-sided half differences at the border (OpenCV, the authors' code). */
    CENTRAL,
    /** 3x3 Sobel divided by 8 with replicated borders (the paper's text). */
    SOBEL
}
