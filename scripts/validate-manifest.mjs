// Validates manifest.yml against Slack's app-manifest JSON schema when a copy of the schema is
// available (CI passes its path); the unit test checks the rules the bot relies on without it.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'yaml';

const schemaPath = process.argv[2];
if (!schemaPath) {
  console.error('usage: node scripts/validate-manifest.mjs <manifest.schema.json>');
  process.exit(2);
}
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
delete schema.$schema;
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(schema);
const manifest = parse(readFileSync('manifest.yml', 'utf8'));
if (!validate(manifest)) {
  for (const e of validate.errors) console.error(`manifest.yml${e.instancePath}: ${e.message}`);
  process.exit(1);
}
console.log('manifest.yml is valid against the Slack app-manifest schema');
