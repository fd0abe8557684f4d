package io.repflow.data.dataset;

/** The part of an official split to load. */
public enum Subset {
    TRAIN,
    TEST
}
