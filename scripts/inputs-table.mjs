// Prints the README's inputs and outputs tables from action.yml (the README test checks they agree).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8'));
const cell = s => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
console.log('| input | default | description |\n| --- | --- | --- |');
for (const [name, spec] of Object.entries(action.inputs)) {
  console.log(`| \`${name}\` | ${spec.default === '' ? '' : `\`${cell(spec.default)}\``} | ${cell(spec.description)} |`);
}
console.log('\n| output | description |\n| --- | --- |');
for (const [name, spec] of Object.entries(action.outputs)) console.log(`| \`${name}\` | ${cell(spec.description)} |`);
