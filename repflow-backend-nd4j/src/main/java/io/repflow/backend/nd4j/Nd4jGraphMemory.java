package io.repflow.backend.nd4j;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.config.SDValueType;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Frees what a SameDiff graph holds natively, now rather than whenever the garbage collector gets to
 * it. SameDiff 1.0.0-M2.1 has no close(), and a gradient run leaves every activation and gradient it
 * computed in its session (a new session per run), to be freed only after a garbage collection: for a
 * convergence-sized rep-flow model that is about 1 GB per training step, and the process grew by
 * that much per step until the collector caught up. So after every run the sessions' arrays are
 * closed (never the graph's own variables and constants) after the ops have dropped their references to
 * them, and on close the variables and constants too.
 */
final class Nd4jGraphMemory {

    private Nd4jGraphMemory() {}

    /** Everything: the sessions' arrays, then the variables and constants. */
    static void release(SameDiff sd) {
        release(sd, Set.of());
    }

    /** The sessions' arrays, then the variables and constants except {@code borrowed} (by identity), which stay. */
    static void release(SameDiff sd, Set<INDArray> borrowed) {
        releaseSessions(sd);
        Set<INDArray> owned = owned(sd);
        SameDiff gradient = sd.getFunction(Nd4jGradientRun.GRADIENT_FUNCTION);
        if (gradient != null) {
            owned.addAll(owned(gradient));
        }
        // by identity: the gradient function shares the variables' arrays, so each is freed once
        for (INDArray a : owned) {
            if (!borrowed.contains(a)) {
                Nd4jTensors.release(a);
            }
        }
    }

    /** The arrays a finished run left in the sessions of the graph and of its gradient function. */
    static void releaseSessions(SameDiff sd) {
        Set<INDArray> keep = owned(sd);
        Set<INDArray> closed = Collections.newSetFromMap(new IdentityHashMap<>());
        SameDiff gradient = sd.getFunction(Nd4jGradientRun.GRADIENT_FUNCTION);
        if (gradient != null) {
            // the gradient function has its own copies of some constants
            keep.addAll(owned(gradient));
            closeSessions(gradient, keep, closed);
        }
        closeSessions(sd, keep, closed);
    }

    /** The graph's variable and constant arrays, by identity. */
    private static Set<INDArray> owned(SameDiff sd) {
        Set<INDArray> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SDVariable v : sd.variables()) {
            if ((v.getVariableType() == VariableType.VARIABLE || v.getVariableType() == VariableType.CONSTANT)
                    && v.getArr() != null) {
                owned.add(v.getArr());
            }
        }
        return owned;
    }

    private static void closeSessions(SameDiff sd, Set<INDArray> keep, Set<INDArray> closed) {
        // ops keep references to the arrays of their last run (and look at them before the next one)
        for (SameDiffOp op : sd.getOps().values()) {
            op.getOp().clearArrays();
        }
        for (InferenceSession session : sd.getSessions().values()) {
            for (SDValue value : session.getNodeValueOutputs().values()) {
                for (INDArray a : arrays(value)) {
                    if (a != null && !keep.contains(a) && closed.add(a)) {
                        Nd4jTensors.release(a);
                    }
                }
            }
            session.getNodeValueOutputs().clear();
            if (session.getMmgr() != null) {
                session.getMmgr().close();
            }
        }
        sd.getSessions().clear();
    }

    private static List<INDArray> arrays(SDValue value) {
        if (value == null) {
            return List.of();
        }
        if (value.getSdValueType() == SDValueType.TENSOR) {
            return Collections.singletonList(value.getTensorValue());
        }
        return value.getListValue() == null ? List.of() : value.getListValue();
    }
}
