/**
 * repflow's data layer: FFmpeg video decoding, dataset layouts, clip sampling, transforms, a parallel
 * prefetching loader and a seeded synthetic motion dataset. Produces {@code HostTensor [B,3,T,H,W]} batches.
 */
module io.repflow.data {
    requires transitive io.repflow.api;
    requires java.desktop; // ImageIO reads the images of frame folders
    requires org.slf4j;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.ffmpeg;

    exports io.repflow.data;
    exports io.repflow.data.dataset;
    exports io.repflow.data.loader;
    exports io.repflow.data.sampling;
    exports io.repflow.data.synthetic;
    exports io.repflow.data.transform;
    exports io.repflow.data.video;
}
