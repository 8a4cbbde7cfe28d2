import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root: src/io and dist/io both sit two levels below it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES_DIR = path.join(PACKAGE_ROOT, 'fixtures');
export const RULES_DIR = path.join(PACKAGE_ROOT, 'rules');

/** The demo data every command's --demo uses. */
export const DEMO = {
  employers: path.join(FIXTURES_DIR, 'employers.csv'),
  inspectors: path.join(FIXTURES_DIR, 'inspectors.csv'),
  decisions: path.join(FIXTURES_DIR, 'decisions.csv'),
  cases: path.join(FIXTURES_DIR, 'cases.csv'),
  plan: path.join(FIXTURES_DIR, 'plan.yaml'),
  compliance: path.join(FIXTURES_DIR, 'compliance.yaml'),
  ledger: path.join(FIXTURES_DIR, 'ledger-demo.jsonl'),
  penaltyCase: path.join(FIXTURES_DIR, 'penalty-case.yaml'),
  penaltyCases: path.join(FIXTURES_DIR, 'penalty-cases.csv'),
} as const;
