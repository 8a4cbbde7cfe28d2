import { installUtf8SafeSax } from '../../src/io/exceljs-utf8.js';
import { setLang } from '../../src/i18n/index.js';

// Tests import exceljs themselves (to build and read back workbooks); the UTF-8 fix must be in
// place before the first of them loads it, as it is before the CLI's own lazy load.
installUtf8SafeSax();

// Files share a worker's modules (isolate: false): each starts in the default language, whatever
// the file before it last ran with.
setLang('zh');
