/** Size of the main entry bundled by esbuild (minified, ESM) and gzipped at level 9; shared by the size test and the bench. */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const SIZE_BUDGET = 10 * 1024;

export async function gzippedSize(external: string[]): Promise<number> {
  const result = await build({
    entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    external,
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength;
}
