/**
 * `npm run lint:bpmn`: lints every processes/**\/*.bpmn, prints `file: elementId rule message`,
 * exits 1 when any finding is an error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hasErrors, lintBpmn } from '../processes/lint';
import { findResources } from '../processes/deploy';

async function run(): Promise<number> {
  const root = path.resolve(__dirname, '..');
  const files = findResources(path.join(root, 'processes')).filter((f) => f.endsWith('.bpmn'));
  let failed = false;
  for (const file of files) {
    const findings = await lintBpmn(readFileSync(file, 'utf8'));
    for (const f of findings) {
      console.log(`${path.relative(root, file)}: ${f.elementId} ${f.rule} ${f.message} (${f.category})`);
    }
    failed ||= hasErrors(findings);
  }
  console.log(`${files.length} model(s) linted${failed ? ', errors found' : ', no errors'}`);
  return failed ? 1 : 0;
}

run()
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
