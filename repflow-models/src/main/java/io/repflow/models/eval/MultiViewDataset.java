package io.repflow.models.eval;

/** Videos with several views each (multi-clip x multi-crop evaluation). */
public interface MultiViewDataset {

    int size();

    MultiViewClip get(int index);
}
