import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { buildCalendar, readCalendarFile, type Calendar, type CalendarFile } from '../core/calendar/index.js';
import type { YamlPlaces } from '../core/yaml-fields.js';
import { problemText } from '../ui/problem-text.js';
import { refusal } from './yaml-problems.js';
import { RULES_DIR } from './paths.js';
import { loadYamlFile } from './yaml.js';

export const CALENDAR_DIR = path.join(RULES_DIR, 'calendar');
export const REGIONS_DIR = path.join(CALENDAR_DIR, 'regions');

export interface CalendarOptions {
  /** a regional overlay shipped in rules/calendar/regions/ (xinjiang, ningxia) */
  region?: string | null;
  /** the office's own files, national or overlay, applied after the shipped ones */
  files?: readonly string[];
  /** where national year files are read from (tests point it elsewhere) */
  dir?: string;
}

/** A calendar YAML already parsed → the file, or exit 2 with every problem in it. */
export function calendarFrom(src: YamlPlaces & { data: unknown; file: string }): CalendarFile {
  const { file, problems } = readCalendarFile(src.data, src, src.file, m().calendar.national);
  if (file) return file;
  // a file that is not a mapping at all has one problem, which is also the headline
  if (problems.length === 1 && problems[0]!.code === 'calendar.file.mapping') throw new InputError(problemText(problems[0]!), problems);
  throw refusal('calendar.invalid', problems, { origin: src.file });
}

export async function loadCalendarFile(file: string): Promise<CalendarFile> {
  return calendarFrom(await loadYamlFile(file));
}

export async function availableRegions(): Promise<string[]> {
  try {
    return (await fs.readdir(REGIONS_DIR)).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
  } catch {
    return [];
  }
}

/** Every national year file shipped, then the region's overlay, then the office's files. */
export async function loadCalendar(opts: CalendarOptions = {}): Promise<Calendar> {
  const dir = opts.dir ?? CALENDAR_DIR;
  let names: string[] = [];
  try {
    names = (await fs.readdir(dir)).filter((f) => /^\d{4}\.ya?ml$/.test(f)).sort();
  } catch {
    names = [];
  }
  const files: CalendarFile[] = [];
  const problems: InputError[] = [];
  const load = async (file: string) => {
    try {
      files.push(await loadCalendarFile(file));
    } catch (e) {
      if (e instanceof InputError) problems.push(e);
      else throw e;
    }
  };
  for (const n of names) await load(path.join(dir, n));
  if (opts.region) {
    const regions = await availableRegions();
    const region = opts.region.toLowerCase();
    if (!regions.includes(region)) throw new InputError(m().calendar.unknownRegion(opts.region, regions));
    await load(path.join(REGIONS_DIR, `${region}.yaml`));
  }
  for (const f of opts.files ?? []) await load(f);
  if (problems.length === 1) throw problems[0]!;
  if (problems.length) throw new InputError(problems.map((p) => p.message).join('\n'), problems.flatMap((p) => p.problems));
  return buildCalendar(files);
}
