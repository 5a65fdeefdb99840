/**
 * Lints the specs of one package (`--package hive`) or of every API in redocly.yaml, with the rules in
 * redocly.yaml: zero errors and zero warnings, or a non-zero exit.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, readApis } from './generate.js';

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: { package: { type: 'string' } } });
const pkg = values.package;
const names = (await readApis()).filter((a) => !pkg || a.pkg === pkg).map((a) => a.name);
if (names.length === 0) {
  console.log(`no specs for ${pkg ?? 'any package'}`);
} else {
  const bin = path.join(ROOT, 'node_modules', '.bin', 'redocly');
  const r = spawnSync(bin, ['lint', '--max-problems', '1000', ...names], { cwd: ROOT, stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
