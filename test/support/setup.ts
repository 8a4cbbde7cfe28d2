import { installUtf8SafeSax } from '../../src/io/exceljs-utf8.js';

// Tests import exceljs themselves (to build and read back workbooks); the UTF-8 fix must be in
// place before the first of them loads it, as it is before the CLI's own lazy load.
installUtf8SafeSax();
