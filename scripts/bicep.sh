#!/usr/bin/env bash
# Restores the pinned Bicep CLI from NuGet (with `dotnet restore`, through this machine's NuGet configuration) into
# .cache/bicep/, then builds every entry file under infra/ to .cache/infra-json/ and lints it with the rules in
# infra/bicepconfig.json. Fails on any error or warning. Used by test/infra/template.test.ts (so `npm test` runs it).
#
#   scripts/bicep.sh            restore + build + lint every entry
#   scripts/bicep.sh --path     restore only, print the path of the bicep binary
#
# Environment: BICEP_CACHE_DIR (default .cache/bicep), INFRA_JSON_DIR (default .cache/infra-json).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BICEP_PACKAGE="Azure.Bicep.CommandLine.linux-x64"
BICEP_VERSION="0.49.2"
CACHE="${BICEP_CACHE_DIR:-$ROOT/.cache/bicep}"
OUT="${INFRA_JSON_DIR:-$ROOT/.cache/infra-json}"
# Entry files: deployed on their own (azd provisions main.bicep; scope-management-group.bicep is deployed per group).
ENTRIES=(main.bicep scope-management-group.bicep)

BIN="$CACHE/packages/$(echo "$BICEP_PACKAGE" | tr '[:upper:]' '[:lower:]')/$BICEP_VERSION/tools/bicep"

die() { echo "bicep.sh: $*" >&2; exit 1; }

restore() {
  command -v dotnet >/dev/null || die "dotnet is not on PATH: it restores the Bicep CLI from NuGet ($BICEP_PACKAGE $BICEP_VERSION)"
  local major proj
  major="$(dotnet --version | cut -d. -f1)"
  proj="$CACHE/restore"
  mkdir -p "$proj"
  cat > "$proj/restore.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net${major}.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="$BICEP_PACKAGE" Version="[$BICEP_VERSION]" /></ItemGroup>
</Project>
CSPROJ
  echo "bicep.sh: restoring $BICEP_PACKAGE $BICEP_VERSION from NuGet into $CACHE/packages" >&2
  if ! DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
      dotnet restore "$proj/restore.csproj" --packages "$CACHE/packages" >"$proj/restore.log" 2>&1; then
    cat "$proj/restore.log" >&2
    die "could not restore $BICEP_PACKAGE $BICEP_VERSION from NuGet (is NuGet reachable?). To skip the infra checks on purpose set RECONCILER_SKIP_INFRA_TESTS=1 (docs/deploy.md)."
  fi
  [ -f "$BIN" ] || die "restored $BICEP_PACKAGE but $BIN is missing"
}

[ -f "$BIN" ] || restore
[ -x "$BIN" ] || chmod +x "$BIN"
if [ "${1:-}" = "--path" ]; then echo "$BIN"; exit 0; fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1
mkdir -p "$OUT"
failed=0
for entry in "${ENTRIES[@]}"; do
  src="$ROOT/infra/$entry"
  [ -f "$src" ] || die "entry file infra/$entry is missing"
  dest="$OUT/${entry%.bicep}.json"
  for step in build lint; do
    if [ "$step" = build ]; then
      args=(build "$src" --outfile "$dest")
    else
      args=(lint "$src")
    fi
    set +e
    output="$("$BIN" "${args[@]}" 2>&1)"
    rc=$?
    set -e
    # Any diagnostic (Error, Warning, Info) fails: relax a rule only in infra/bicepconfig.json, with a reason.
    if [ $rc -ne 0 ] || echo "$output" | grep -Eq ': (Error|Warning|Info) '; then
      echo "bicep.sh: bicep $step infra/$entry failed:" >&2
      echo "$output" >&2
      failed=1
    else
      echo "bicep.sh: bicep $step infra/$entry ok"
    fi
  done
done
[ $failed -eq 0 ] || die "Bicep build/lint reported problems (above)"
echo "bicep.sh: compiled templates in $OUT"
