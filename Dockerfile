# The repflow command and its conformance kit in an image: builds the project, then runs the kit.
#
#   docker build -t repflow .                                  CPU natives
#   docker build -t repflow:gpu --build-arg PROFILES=gpu .     GPU natives for every engine (-Pgpu)
#   docker run --rm repflow                                    repflow tck --quick on the CPU
#   docker run --rm --gpus all repflow:gpu repflow tck --quick --device gpu:0
#   ./repflow tck --container repflow:gpu --gpus all --device gpu:0 --quick   (the same through Testcontainers)
#
# The base carries the CUDA 12 runtime and cuDNN 9 that TensorFlow's GPU natives load from the system; DJL's
# CUDA libtorch and ND4J's CUDA 11.6 preset bring their own CUDA libraries, so the host needs only the NVIDIA
# driver and the NVIDIA container toolkit. On a CPU host the same image runs the CPU natives.
ARG BASE=nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04
FROM ${BASE}

ARG PROFILES=
ENV DEBIAN_FRONTEND=noninteractive \
    REPFLOW_PROFILES=${PROFILES}
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless ca-certificates \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/repflow
COPY . .
# the build ./repflow would do on first use, done once in the image (Maven fetches the dependencies here)
RUN ./mvnw -B -q ${PROFILES:+-P${PROFILES}} package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
        -pl repflow-cli -am \
    && ln -s /opt/repflow/repflow /usr/local/bin/repflow \
    && repflow --version

CMD ["repflow", "tck", "--quick"]
