/**
 * Vite build of the SPA into web/app/dist, served by the Express server (web/server/app.ts). The bpmnlint
 * configuration of the repository (`.bpmnlintrc`, the same rules the API lints with before a deploy) is
 * compiled into the virtual module `virtual:bpmnlint` for the modeler's live lint.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const require = createRequire(path.join(repoRoot, 'package.json'));

function bpmnlintConfig(): Plugin {
  const id = 'virtual:bpmnlint';
  return {
    name: 'gcflow-bpmnlint',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    async load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const compileConfig = require('bpmnlint/lib/support/compile-config') as (c: unknown) => Promise<string>;
      return compileConfig(JSON.parse(readFileSync(path.join(repoRoot, '.bpmnlintrc'), 'utf8')));
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [bpmnlintConfig()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' }, fs: { allow: [repoRoot] } },
});
