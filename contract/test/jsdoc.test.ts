/**
 * What a user sees on hover: every method of every client built on the operation layer carries its operation's
 * summary as JSDoc (generated into the `operations` types from the spec, and mapped onto the methods), read here
 * through the TypeScript compiler from the built packages, as an editor reads them.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readApis } from '../../scripts/generate.js';
import { loadSpec } from '../src/spec.js';

/** The clients whose methods are named after the operationIds, by API. */
const CLIENTS: Record<string, { module: string; create: string }> = {
  'xsolla-catalog': { module: '@gamestore/xsolla', create: 'createXsollaCatalogClient' },
  'xsolla-liveops': { module: '@gamestore/xsolla', create: 'createXsollaLiveOpsClient' },
  'stove-bill-store': { module: '@gamestore/stove', create: 'createStoveClient' },
  'hive-payment': { module: '@gamestore/hive', create: 'createHivePaymentClient' },
};

describe('method JSDoc', async () => {
  const apis = (await readApis()).filter((a) => CLIENTS[a.name]);
  const specs = await Promise.all(apis.map((a) => loadSpec(a.name, fileURLToPath(new URL(`../../${a.root}`, import.meta.url)))));

  it('every method shows its operation\'s summary and reference', () => {
    const file = fileURLToPath(new URL('./__hover.generated.ts', import.meta.url));
    const lines = specs.flatMap((spec, i) => {
      const { module, create } = CLIENTS[spec.api]!;
      return [
        `import { ${create} as create${i} } from '${module}';`,
        `declare const c${i}: ReturnType<typeof create${i}>;`,
        ...spec.operations.map((op) => `c${i}.${op.id};`),
      ];
    });
    writeFileSync(file, lines.join('\n'));
    try {
      const config = ts.getParsedCommandLineOfConfigFile(fileURLToPath(new URL('../tsconfig.json', import.meta.url)), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
      const program = ts.createProgram([file], config.options);
      const checker = program.getTypeChecker();
      const docs = new Map<string, string>();
      program.getSourceFile(file)!.forEachChild(function visit(node) {
        if (ts.isPropertyAccessExpression(node)) {
          const symbol = checker.getSymbolAtLocation(node.name);
          docs.set(node.getText(), ts.displayPartsToString(symbol?.getDocumentationComment(checker)));
        }
        node.forEachChild(visit);
      });
      const missing = specs.flatMap((spec, i) =>
        spec.operations
          .filter((op) => {
            const doc = docs.get(`c${i}.${op.id}`) ?? '';
            return !(doc.startsWith(op.summary ?? op.id) && doc.includes(`#operation/${op.id}`));
          })
          .map((op) => `${spec.api} ${op.id}`),
      );
      expect(missing).toEqual([]);
      expect(docs.size).toBe(specs.reduce((n, s) => n + s.operations.length, 0));
    } finally {
      rmSync(file, { force: true });
    }
  });
});
