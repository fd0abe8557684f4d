package io.repflow.backend.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetRegisteredKernelsForOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import com.google.protobuf.InvalidProtocolBufferException;
import io.repflow.spi.Device;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.internal.c_api.AbstractTF_Graph;
import org.tensorflow.internal.c_api.AbstractTF_SessionOptions;
import org.tensorflow.internal.c_api.AbstractTF_Status;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.KernelDef;
import org.tensorflow.proto.KernelList;

/**
 * What TensorFlow itself says about devices, through its C API (TensorFlow Java has no device listing):
 * whether the loaded natives carry CUDA kernels, and which devices a session with a given configuration
 * gets. Also the session configuration that puts a session on one device.
 *
 * <p>TensorFlow fixes the mapping of its GPU ids to physical GPUs at the first GPU session of a process
 * ({@code visible_device_list}); a later session asking another physical GPU fails in TensorFlow. So one
 * process uses one {@code gpu:N} with this backend (any number of CPU backends beside it).
 */
final class TfDevices {

    private TfDevices() {}

    /** Whether the loaded TensorFlow registered GPU kernels (a CUDA build), asked of TensorFlow itself. */
    static boolean cudaKernels() {
        TF_Status status = AbstractTF_Status.newStatus();
        try {
            TF_Buffer buffer = TF_GetRegisteredKernelsForOp("MatMul", status);
            status.throwExceptionIfNotOK();
            try {
                for (KernelDef k : KernelList.parseFrom(buffer.copyData()).getKernelList()) {
                    if (k.getDeviceType().equals("GPU")) {
                        return true;
                    }
                }
                return false;
            } finally {
                buffer.delete();
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("TensorFlow's kernel list does not parse", e);
        } finally {
            status.delete();
        }
    }

    /**
     * The session configuration for {@code device}: on {@code gpu:N} only physical GPU N is visible (it is
     * TensorFlow's GPU:0 in the session, so every op TensorFlow places on a GPU lands there) and memory grows
     * as needed; on {@code cpu} the session has no GPU device at all, so nothing can be placed on one.
     */
    static ConfigProto.Builder sessionConfig(Device device) {
        ConfigProto.Builder b = ConfigProto.newBuilder();
        if (device.kind() == Device.Kind.GPU) {
            b.setGpuOptions(GPUOptions.newBuilder()
                    .setVisibleDeviceList(Integer.toString(device.index()))
                    .setAllowGrowth(true));
            // ops without a GPU kernel run on the host, as in TensorFlow's own eager mode
            b.setAllowSoftPlacement(true);
        } else {
            b.putDeviceCount("GPU", 0);
        }
        return b;
    }

    /**
     * The device types ({@code CPU}, {@code GPU}, ...) of an empty session with {@code config}.
     *
     * @throws org.tensorflow.exceptions.TensorFlowException when TensorFlow cannot create such a session
     *     (e.g. the GPU index does not exist)
     */
    static List<String> sessionDeviceTypes(ConfigProto config) {
        TF_Status status = AbstractTF_Status.newStatus();
        TF_Graph graph = AbstractTF_Graph.newGraph();
        TF_SessionOptions options = AbstractTF_SessionOptions.newSessionOptions();
        try {
            byte[] bytes = config.toByteArray();
            try (BytePointer p = new BytePointer(bytes)) {
                TF_SetConfig(options, p, bytes.length, status);
                status.throwExceptionIfNotOK();
            }
            TF_Session session = TF_NewSession(graph, options, status);
            status.throwExceptionIfNotOK();
            try {
                TF_DeviceList list = TF_SessionListDevices(session, status);
                status.throwExceptionIfNotOK();
                try {
                    List<String> types = new ArrayList<>();
                    for (int i = 0; i < TF_DeviceListCount(list); i++) {
                        types.add(TF_DeviceListType(list, i, status).getString());
                        status.throwExceptionIfNotOK();
                    }
                    return types;
                } finally {
                    TF_DeleteDeviceList(list);
                }
            } finally {
                TF_CloseSession(session, status);
                TF_DeleteSession(session, status);
            }
        } finally {
            options.delete();
            graph.delete();
            status.delete();
        }
    }
}
