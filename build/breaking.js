// The breaking-change check of the contract: build/breaking.sh runs it (see that file for usage).
// Prints one verdict line, then only the breaking findings, each with its path; everything else (Optic's
// whole diff, the enum analysis, the findings the enum policy overrules) goes to the report file.
//
// Rules: Optic's (@useoptic/optic, pinned in package-lock.json), except for enums, where the contract's
// policy decides: every contract enum is extensible on the C# side (a new value never renumbers anything
// and an unknown value read from the wire is kept), so ADDING a value to any enum is not breaking;
// REMOVING or RENAMING one (a rename is a removal plus an addition) is, in requests and responses alike.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

const [baselineArg, specArg, reportArg] = process.argv.slice(2);
const root = path.resolve(__dirname, '..');
const spec = specArg || 'openapi/v1/nano-banana-2-lite.yaml';
const report = reportArg || process.env.BREAKING_REPORT || 'artifacts/breaking/report.txt';

const versionOf = (doc) => String(doc?.info?.version ?? '');
const semver = (v) => (/^(\d+)\.(\d+)\.(\d+)/.exec(v) || [0, 0, 0, 0]).slice(1, 4).map(Number);
const compare = (a, b) => { const x = semver(a), y = semver(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; };
const load = (file) => yaml.load(fs.readFileSync(file, 'utf8'));

/** The released contract to compare with: see chooseBaseline's comment in docs/regenerating.md ("How make breaking works"). */
function chooseBaseline() {
  if (baselineArg) return baselineArg;
  const dir = path.join(root, 'openapi/released');
  const released = fs.readdirSync(dir)
    .map((f) => /^nano-banana-2-lite-(.+)\.yaml$/.exec(f))
    .filter(Boolean)
    .map((m) => ({ version: m[1], file: path.join('openapi/released', m[0]) }))
    .sort((a, b) => compare(a.version, b.version));
  if (released.length === 0) throw new Error('openapi/released/ holds no released contract');
  const specText = fs.readFileSync(spec, 'utf8');
  const specVersion = versionOf(yaml.load(specText));
  const own = released.find((r) => r.version === specVersion);
  // The spec IS its own released copy (a release commit, or main after it): check it against the release before it.
  if (own && fs.readFileSync(own.file, 'utf8') === specText) {
    const before = released.filter((r) => compare(r.version, specVersion) < 0);
    return (before.length ? before[before.length - 1] : own).file;
  }
  // A change in progress: against the newest release.
  return released[released.length - 1].file;
}

/** Every `enum` in a document, by its JSON pointer. */
function enums(node, pointer = '#', out = new Map()) {
  if (Array.isArray(node)) node.forEach((n, i) => enums(n, `${pointer}/${i}`, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === 'enum' && Array.isArray(value)) out.set(pointer, value.map(String));
      else enums(value, child, out);
    }
  }
  return out;
}

/** Optic's findings ("x [rule] message"), each with the path of the change it is about. */
function opticFindings(text) {
  const findings = [];
  const stack = []; // [{indent, label}]
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (!line.trim()) continue;
    const operation = /^[x✔] ((?:GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) \S+):$/.exec(line);
    if (operation) { stack.length = 0; stack.push({ indent: -1, label: operation[1] }); continue; }
    const item = /^(\s*)- (.*?):?(?: (?:changed|added|removed))?$/.exec(line);
    if (item && stack.length) {
      const indent = item[1].length;
      while (stack.length > 1 && stack[stack.length - 1].indent >= indent) stack.pop();
      stack.push({ indent, label: item[2].replace(/:$/, '') });
      continue;
    }
    const finding = /^\s*x \[(.+?)\] (.*)$/.exec(line);
    if (finding) findings.push({ rule: finding[1], message: finding[2].replace(/ This is a breaking change\.$/, ''), where: stack.map((s) => s.label).join(' > ') });
  }
  return findings;
}

function main() {
  process.chdir(root);
  const baseline = chooseBaseline();
  const oldDoc = load(baseline), newDoc = load(spec);
  const oldVersion = versionOf(oldDoc), newVersion = versionOf(newDoc);
  // Optic relaxes its rules when the major version moved; the major rule is applied here, after the findings are
  // listed, so Optic always compares a copy of the spec that carries the baseline's version.
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'breaking-'));
  const compared = path.join(tmp, path.basename(spec));
  fs.writeFileSync(compared, fs.readFileSync(spec, 'utf8').replace(/^(  version: *)[0-9][0-9A-Za-z.+-]*/m, `$1${oldVersion}`));
  const optic = spawnSync(path.join(root, 'node_modules/.bin/optic'), ['diff', baseline, compared, '--check'], {
    encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', OPTIC_TELEMETRY_LEVEL: 'off' },
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  const opticText = `${optic.stdout || ''}${optic.stderr || ''}`.split('\n').filter((l) => !/npm warn/.test(l)).join('\n');
  const all = opticFindings(opticText);
  const isEnumRule = (f) => /enum/i.test(f.rule);
  const breaking = all.filter((f) => !isEnumRule(f)).map((f) => ({ where: f.where, message: `${f.message} [${f.rule}]` }));

  // The enum policy, over every enum of both documents.
  const before = enums(oldDoc), after = enums(newDoc), enumNotes = [];
  for (const [pointer, values] of before) {
    const now = after.get(pointer);
    if (!now) continue; // the schema itself went away: Optic reports the removed property or operation
    const removed = values.filter((v) => !now.includes(v));
    const added = now.filter((v) => !values.includes(v));
    if (removed.length) breaking.push({ where: pointer, message: `enum value${removed.length > 1 ? 's' : ''} ${removed.map((v) => `'${v}'`).join(', ')} removed or renamed (callers that send or match ${removed.length > 1 ? 'them' : 'it'} break) [enum policy]` });
    if (added.length) enumNotes.push(`${pointer}: ${added.map((v) => `'${v}'`).join(', ')} added (not breaking: every contract enum is extensible)`);
  }
  for (const [pointer] of after) if (!before.has(pointer)) enumNotes.push(`${pointer}: a new enum`);

  if (optic.error || (optic.status !== 0 && all.length === 0)) {
    console.log(`breaking check could not run: Optic failed on ${baseline} -> ${spec} (exit ${optic.status ?? optic.error?.code})`);
    console.log(opticText.trim());
    process.exit(2);
  }

  const majorMoved = semver(newVersion)[0] > semver(oldVersion)[0];
  const against = `the released contract ${oldVersion} (${baseline})`;
  const n = breaking.length, changes = `${n} breaking change${n === 1 ? '' : 's'}`;
  let verdict, code = 0;
  if (n === 0) verdict = `no breaking change: contract ${newVersion} against ${against}; report: ${report}`;
  else if (majorMoved) verdict = `breaking changes allowed: ${changes} against ${against}, and the major version moved (${oldVersion} -> ${newVersion}); list them in openapi/v1/CHANGELOG.md; report: ${report}`;
  else {
    verdict = `BREAKING: ${changes} against ${against}, and the major version did not move (${newVersion}): revert, or move info.version to ${semver(oldVersion)[0] + 1}.0.0 and say so in openapi/v1/CHANGELOG.md; report: ${report}`;
    code = 1;
  }
  const lines = breaking.map((b) => `  ${b.where}: ${b.message}`);

  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.writeFileSync(report, [
    verdict, ...lines, '',
    `baseline: ${baseline} (${oldVersion}); spec: ${spec} (${newVersion})`,
    '', '## Enum policy (adding a value is not breaking; removing or renaming one is)',
    ...(enumNotes.length ? enumNotes : ['no enum value added']),
    ...all.filter(isEnumRule).map((f) => `overruled Optic finding: ${f.where}: ${f.message} [${f.rule}]`),
    '', `## Optic: optic diff ${baseline} ${spec} --check (exit ${optic.status}; the spec compared under the baseline's version ${oldVersion})`, opticText.trim(), '',
  ].join('\n'));

  console.log(verdict);
  for (const l of lines) console.log(l);
  process.exit(code);
}

main();
