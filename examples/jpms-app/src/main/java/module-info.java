/**
 * A JPMS application using repflow through its API only: the engine is whichever backend module the
 * launch puts on the module path (or class path), found through ServiceLoader.
 */
module io.repflow.examples.jpms {
    requires io.repflow.api;
}
