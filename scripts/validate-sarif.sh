#!/usr/bin/env bash
# validate-sarif.sh FILE... — check SARIF logs with Microsoft's SARIF
# Multitool, using both the SARIF spec rules and GitHub code scanning's
# ingestion rules (--rule-kind "Gh;Sarif").
#
# The multitool is installed with npm into a cache folder on first use:
#   SARIF_MULTITOOL_DIR      cache folder (default: <repo>/.cache/sarif-multitool)
#   SARIF_MULTITOOL_VERSION  npm version to install (default: 5.7.0)
#   SARIF_VALIDATE_STRICT=1  fail on warnings too, not only on errors
#
# The multitool exits 0 even when it reports errors, so this script reads the
# SARIF log the validator writes and counts its results by level. It prints
# every error and warning and exits 1 when any file has an error (or, strict,
# a warning), 2 on a usage or installation problem.
#
# It runs the platform binary directly rather than through `npx
# sarif-multitool`: the npm wrapper passes arguments through a shell, which
# splits "Gh;Sarif" at the semicolon and paths at spaces.
set -euo pipefail

if [[ $# -eq 0 ]]; then
	echo "usage: $0 FILE.sarif..." >&2
	exit 2
fi

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${SARIF_MULTITOOL_DIR:-$repo_root/.cache/sarif-multitool}
version=${SARIF_MULTITOOL_VERSION:-5.7.0}
strict=${SARIF_VALIDATE_STRICT:-0}

for tool in node npm; do
	if ! command -v "$tool" >/dev/null; then
		echo "validate-sarif: $tool is required (apt-get install nodejs npm)" >&2
		exit 2
	fi
done

# multitool_binary prints the path of the platform binary in the cache, or
# fails when it is not installed at the wanted version.
multitool_binary() {
	node -e '
		const [dir, want] = process.argv.slice(1);
		const pkg = require(dir + "/node_modules/@microsoft/sarif-multitool/package.json");
		if (pkg.version !== want) process.exit(1);
		console.log(require(dir + "/node_modules/@microsoft/sarif-multitool"));
	' "$cache" "$version" 2>/dev/null
}

if ! bin=$(multitool_binary) || [[ ! -f $bin ]]; then
	echo "validate-sarif: installing @microsoft/sarif-multitool@$version into $cache" >&2
	mkdir -p "$cache"
	if ! npm install --prefix "$cache" --no-audit --no-fund --loglevel=error \
		"@microsoft/sarif-multitool@$version" >&2; then
		echo "validate-sarif: npm install failed" >&2
		exit 2
	fi
	if ! bin=$(multitool_binary) || [[ ! -f $bin ]]; then
		echo "validate-sarif: no multitool binary for this platform after install" >&2
		exit 2
	fi
fi
# npm may skip the package's postinstall script, which only sets this bit.
chmod u+x "$bin"
# The multitool is a .NET program; it needs no ICU for validation.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-1}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failed=0
n=0
for file in "$@"; do
	n=$((n + 1))
	if [[ ! -f $file ]]; then
		echo "$file: no such file" >&2
		failed=1
		continue
	fi
	# The multitool skips targets whose name does not end in .sarif.
	target=$work/input-$n.sarif
	cp "$file" "$target"
	log=$work/validation-$n.sarif
	if ! "$bin" validate "$target" --rule-kind "Gh;Sarif" --level "Error;Warning" \
		--output "$log" --log ForceOverwrite --quiet >"$work/stdout-$n" 2>&1; then
		cat "$work/stdout-$n" >&2
		echo "$file: the multitool failed to run" >&2
		failed=1
		continue
	fi
	if [[ ! -s $log ]]; then
		cat "$work/stdout-$n" >&2
		echo "$file: the multitool wrote no validation log (was the file skipped?)" >&2
		failed=1
		continue
	fi
	# Print "level rule location: message" for each result, then the counts.
	if ! node -e '
		const fs = require("fs");
		const [logPath, shown, strict] = process.argv.slice(1);
		const log = JSON.parse(fs.readFileSync(logPath, "utf8"));
		const run = log.runs[0];
		const rules = {};
		for (const r of (run.tool.driver.rules || [])) rules[r.id] = r;
		const counts = { error: 0, warning: 0 };
		for (const inv of run.invocations || []) {
			if (inv.executionSuccessful === false) counts.error++;
			for (const n of inv.toolExecutionNotifications || []) {
				if ((n.level || "warning") === "error") counts.error++;
				console.log(`${shown}: ${n.level || "warning"} ${n.descriptor ? n.descriptor.id : "tool"}: ${n.message.text}`);
			}
		}
		for (const r of run.results || []) {
			const level = r.level || "warning";
			if (level !== "error" && level !== "warning") continue;
			counts[level]++;
			const rule = rules[r.ruleId] || {};
			const fmt = (rule.messageStrings || {})[r.message.id];
			let text = r.message.text || (fmt ? fmt.text : r.message.id);
			(r.message.arguments || []).forEach((a, i) => { text = text.split("{" + i + "}").join(a); });
			text = text.split("{{").join("{").split("}}").join("}");
			const region = (((r.locations || [])[0] || {}).physicalLocation || {}).region || {};
			console.log(`${shown}:${region.startLine || 0}: ${level} ${r.ruleId}: ${text}`);
		}
		console.log(`${shown}: ${counts.error} error(s), ${counts.warning} warning(s)`);
		const bad = counts.error > 0 || (strict === "1" && counts.warning > 0);
		process.exit(bad ? 1 : 0);
	' "$log" "$file" "$strict"; then
		failed=1
	fi
done
exit $failed
