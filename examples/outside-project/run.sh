#!/usr/bin/env bash
# The outside-project check: installs repflow (the BOM, repflow-backend-djl, repflow-natives-djl-cpu and
# what they need) into a throw-away local repository, builds this directory's project against it, runs it:
#   examples/outside-project/run.sh F1.npy F2.npy OUT_DIR ITERATIONS
# writes OUT_DIR/djl.npy. Nothing comes from the network and ~/.m2 is only read: the throw-away
# repository's one remote is a file:// mirror of the seed repository (REPFLOW_SEED_REPO, default
# ~/.m2/repository), which must hold repflow's build dependencies (any earlier build of repflow fills it).
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 F1.npy F2.npy OUT_DIR ITERATIONS" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seed="${REPFLOW_SEED_REPO:-$HOME/.m2/repository}"
[ -d "$seed" ] || { echo "run.sh: seed repository $seed does not exist (set REPFLOW_SEED_REPO)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/settings.xml" <<SETTINGS
<settings>
  <mirrors>
    <mirror><id>seed</id><name>seed repository, read only</name><url>file://$seed</url><mirrorOf>*</mirrorOf></mirror>
  </mirrors>
</settings>
SETTINGS
# a copy of the sources, so this build never touches the target/ directories of the checkout it came from
src="$work/src"
mkdir -p "$src"
tar -C "$root" --exclude=./.git --exclude=target --exclude=./runs -cf - . | tar -C "$src" -xf -
mvn=("$src/mvnw" -B -q -s "$work/settings.xml" "-Dmaven.repo.local=$work/repository")

echo "run.sh: installing repflow-bom and repflow-backend-djl into $work/repository" >&2
"${mvn[@]}" -f "$src/pom.xml" install -pl repflow-bom,repflow-backend-djl,repflow-natives/djl-cpu -am \
    -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dspotless.check.skip=true

echo "run.sh: building the outside project" >&2
"${mvn[@]}" -f "$src/examples/outside-project/pom.xml" package \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath "-Dmdep.outputFile=$work/classpath.txt"

echo "run.sh: running it" >&2
java -Dai.djl.offline=true -cp "$src/examples/outside-project/target/classes:$(cat "$work/classpath.txt")" \
    io.repflow.examples.classpath.EveryEngineFlow "$1" "$2" "$3" "$4"
