#!/usr/bin/env bash
# Creates a new connector and its emulator from templates/connector/ (see docs/connectors.md):
#   scripts/new-connector.sh <name> <ProcessorName>      e.g. scripts/new-connector.sh acme_pay AcmePay
# <name> (snake_case) names the folders src/connectors/<name>/ and src/sandbox/<name>/ and the C++
# namespaces; <ProcessorName> (PascalCase) the classes; the processor's name in the API is <name>
# upper-cased (ACME_PAY). The result builds and passes the conformance kit as it is: it speaks the
# template's generic wire format until you write the processor's own.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 <name: snake_case> <ProcessorName: PascalCase>" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
name=$1
pascal=$2
[[ $name =~ ^[a-z][a-z0-9_]*$ ]] || { echo "name must be snake_case: $name" >&2; usage; }
[[ $pascal =~ ^[A-Z][A-Za-z0-9]*$ ]] || { echo "ProcessorName must be PascalCase: $pascal" >&2; usage; }
upper=$(tr '[:lower:]' '[:upper:]' <<<"$name")

connector_dir=src/connectors/$name
sandbox_dir=src/sandbox/$name
for dir in "$connector_dir" "$sandbox_dir"; do
  [[ ! -e $dir ]] || { echo "$dir already exists" >&2; exit 1; }
done

# Copies template folder $1 to $2, renaming files and substituting the three placeholder names.
instantiate() {
  local from=$1 to=$2
  (cd "$from" && find . -type f) | while read -r file; do
    local target=$to/${file#./}
    target=${target//your_processor/$name}
    mkdir -p "$(dirname "$target")"
    sed -e "s/YOUR_PROCESSOR/$upper/g" -e "s/YourProcessor/$pascal/g" \
        -e "s/your_processor/$name/g" "$from/$file" > "$target"
    echo "  $target"
  done
}

echo "Creating $pascal ($upper):"
instantiate templates/connector/connectors "$connector_dir"
instantiate templates/connector/sandbox "$sandbox_dir"

cat <<NEXT

Next (docs/connectors.md walks through each):
  1. Build and run the kit on it as it is:
       cmake --build build --target connectors_tests sandbox_tests
       (cd build && ./connectors_tests --gtest_filter='$pascal/ConnectorConformance*')
  2. Write $pascal's wire format in $connector_dir/transformers.{h,cc} and the emulator
     $sandbox_dir/, record testdata/, fill the decline table and $connector_dir/${name}_kit.h.
  3. Register it: src/app/wiring.cc (makeConnectorRegistry) and, for --demo, src/app/sandboxes.cc.
  4. Write docs/connectors/$name.md and a contract_check.js against the processor's spec.
NEXT
