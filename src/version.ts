import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The tool's version as package.json states it; recorded in every manifest, so verify can say which release made a folder. */
export const TOOL_VERSION: string = (require('../package.json') as { version: string }).version;
