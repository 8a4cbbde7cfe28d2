import { describe, expect, it } from 'vitest';
import { calendarFrom, loadCalendar } from '../../src/io/calendar.js';
import { parseYamlText } from '../../src/io/yaml.js';
import {
  addDays,
  addWorkingDays,
  buildCalendar,
  countWorkingDays,
  eachDay,
  isWorkingDay,
  toDayNumber,
  type Calendar,
} from '../../src/core/calendar/index.js';

/**
 * Differential test of the indexed working-day arithmetic (prefix counts, n-th working day)
 * against the day-by-day walks it replaced, kept here verbatim as the reference.
 */
function addWorkingDaysWalk(cal: Calendar, start: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a non-negative integer, got ${n}`);
  isWorkingDay(cal, start); // requireCovered(cal, start)
  let d = start;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

function countWorkingDaysWalk(cal: Calendar, from: string, to: string): number {
  isWorkingDay(cal, from); // requireCovered(cal, from)
  isWorkingDay(cal, to); // requireCovered(cal, to)
  const [a, b, sign] = toDayNumber(to) >= toDayNumber(from) ? [from, to, 1] : [to, from, -1];
  let n = 0;
  for (let d = addDays(a, 1); toDayNumber(d) <= toDayNumber(b); d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
  return n * sign;
}

/** A result or the error it threw, comparable with toEqual (class, message, years). */
function outcome<T>(f: () => T): T | { error: string; message: string; years?: number[] } {
  try {
    return f();
  } catch (e) {
    const err = e as Error & { years?: number[] };
    return { error: err.name, message: err.message, years: err.years };
  }
}

/**
 * The loops compare errors by class, message and years only. A stack trace captured for each of the
 * ~10^6 UncoveredYearErrors was 85 % of this file's time, so none is captured while a loop runs; the
 * limit is back before any expect, so a failure still shows where it happened.
 */
async function withoutStacks<T>(loop: () => Promise<T>): Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await loop();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Long loops give the event loop a turn now and then, so vitest's worker can still answer its RPC on a loaded machine. */
const breathe = () => new Promise((resolve) => setImmediate(resolve));

function fileFrom(text: string) {
  const src = parseYamlText(text, 'test.yaml');
  return calendarFrom(src);
}

const national = await loadCalendar();
const xinjiang = await loadCalendar({ region: 'xinjiang' });
// a calendar with a hole: 2022 and 2025 are not loaded, so walks across them must fail as before
const holed = buildCalendar([
  fileFrom('kind: national\nyear: 2021\nholidays:\n  - name: 元旦\n    off: 2021-01-01\n'),
  fileFrom('kind: national\nyear: 2023\nholidays:\n  - name: 春节\n    off: 2023-01-21..2023-01-27\n    make_up: [2023-01-28, 2023-01-29]\n'),
  fileFrom('kind: national\nyear: 2024\nholidays: []\n'),
  fileFrom('kind: national\nyear: 2026\nholidays:\n  - name: 国庆节\n    off: 2026-10-01..2026-10-07\n'),
  fileFrom('kind: overlay\nname: 某县\nyears:\n  2022:\n    holidays:\n      - name: 某节\n        off: 2022-03-01\n  2024:\n    holidays:\n      - name: 某节\n        off: 2024-03-01\n'),
]);

// the days just outside 2020-2026 as well, where a walk stops with UncoveredYearError
const span = eachDay('2019-12-20', '2027-01-10');
const inner = { from: span.indexOf('2020-01-01'), to: span.indexOf('2026-12-31') };

/**
 * The walk's own definition over a table of isWorkingDay: the n-th working day after a start and the
 * working days in (a, b], stopping with the year of the first uncovered day the walk would reach.
 * Cheap enough to take every pair; the walk itself is run on a sample below.
 */
function reference(cal: Calendar) {
  const covered = span.map((d) => cal.covered.has(Number(d.slice(0, 4))));
  const working = span.map((d, i) => covered[i]! && isWorkingDay(cal, d));
  const total = new Int32Array(span.length);
  let run = 0;
  working.forEach((w, i) => (total[i] = run += w ? 1 : 0));
  const nextHole = new Int32Array(span.length + 1).fill(span.length);
  for (let i = span.length - 1; i >= 0; i--) nextHole[i] = covered[i] ? nextHole[i + 1]! : i;
  const holeYear = (i: number) => `uncovered ${span[i]!.slice(0, 4)}`;
  return {
    add(i: number, n: number): string {
      if (!covered[i]) return holeYear(i);
      let j = i;
      for (let left = n; left > 0; ) {
        j++;
        if (!covered[j]) return holeYear(j);
        if (working[j]) left--;
      }
      return span[j]!;
    },
    count(i: number, j: number): number | string {
      if (!covered[i]) return holeYear(i);
      if (!covered[j]) return holeYear(j);
      const [a, b] = i <= j ? [i, j] : [j, i];
      if (nextHole[a + 1]! <= b) return holeYear(nextHole[a + 1]!);
      return i <= j ? total[b]! - total[a]! : (total[b]! - total[a]!) * -1;
    },
  };
}

const uncoveredAs = <T>(f: () => T): T | string => {
  try {
    return f();
  } catch (e) {
    const years = (e as { years?: number[] }).years;
    if (years?.length === 1) return `uncovered ${years[0]}`;
    throw e;
  }
};

// every pair for the national calendar (6.5 M); every 4th/15th day's pairs for the others, to keep the suite quick
// (most pairs of the holed calendar throw, and an error costs far more than an answer)
describe.each([
  ['national', national, 1],
  ['xinjiang overlay', xinjiang, 4],
  ['with uncovered years', holed, 15],
])('indexed working days (%s)', (_name, cal, step) => {
  const ref = reference(cal);

  it('addWorkingDays: every start day of 2020-2026 (and a few either side), n = 0..60, 90, 180, 365', async () => {
    const diffs: string[] = [];
    const ns = [...Array(cal === holed ? 21 : 61).keys(), 30, 60, 90, 180, 365];
    await withoutStacks(async () => {
      for (let i = 0; i < span.length && diffs.length < 10; i++) {
        if (i % 200 === 0) await breathe();
        for (const n of ns) {
          const got = uncoveredAs(() => addWorkingDays(cal, span[i]!, n));
          const want = ref.add(i, n);
          if (got !== want) diffs.push(`${span[i]} + ${n}: ${got} ≠ ${want}`);
        }
      }
    });
    expect(diffs).toEqual([]);
  });

  it(`countWorkingDays: every ordered pair of days of 2020-2026${step > 1 ? ` (every ${step}th day)` : ''}`, async () => {
    let mismatches = 0;
    let first = '';
    await withoutStacks(async () => {
      for (let i = inner.from; i <= inner.to; i += step) {
        if (i % 50 === 0) await breathe();
        for (let j = inner.from; j <= inner.to; j += step) {
          const got = uncoveredAs(() => countWorkingDays(cal, span[i]!, span[j]!));
          const want = ref.count(i, j);
          // Object.is: an empty span backwards is -0 in the walk, and so it must stay
          if (!Object.is(got, want)) {
            mismatches++;
            if (!first) first = `${span[i]} → ${span[j]}: ${String(got)} ≠ ${String(want)}`;
          }
        }
      }
    });
    expect({ mismatches, first }).toEqual({ mismatches: 0, first: '' });
  });

  it('the reference and the index agree with the day-by-day walk on a sample, errors included', async () => {
    const diffs: string[] = [];
    const same = (label: string, got: unknown, walk: unknown, table: unknown) => {
      const tableOk = typeof walk === 'object' && walk !== null && 'error' in walk ? table === `uncovered ${(walk as { years?: number[] }).years?.[0]}` : Object.is(walk, table);
      if (JSON.stringify(got) !== JSON.stringify(walk) || !tableOk) diffs.push(`${label}: ${JSON.stringify(got)} / walk ${JSON.stringify(walk)} / table ${JSON.stringify(table)}`);
    };
    await withoutStacks(async () => {
      for (let i = 0; i < span.length; i += 3) {
        if (i % 300 === 0) await breathe();
        for (const n of i % 2 ? [0, 1, 7] : [2, 15, 20]) {
          same(`${span[i]} + ${n}`, outcome(() => addWorkingDays(cal, span[i]!, n)), outcome(() => addWorkingDaysWalk(cal, span[i]!, n)), ref.add(i, n));
        }
        for (const d of [-9, -1, 0, 2, 12]) {
          const j = Math.min(span.length - 1, Math.max(0, i + d));
          const walk = outcome(() => countWorkingDaysWalk(cal, span[i]!, span[j]!));
          const got = outcome(() => countWorkingDays(cal, span[i]!, span[j]!));
          if (typeof walk === 'number' && !Object.is(got, walk)) diffs.push(`${span[i]} → ${span[j]}: ${String(got)} ≠ ${String(walk)}`);
          else same(`${span[i]} → ${span[j]}`, got, walk, ref.count(i, j));
        }
        if (diffs.length > 10) break;
      }
    });
    expect(diffs).toEqual([]);
  });
});

describe('the index follows the calendar it was built for', () => {
  it('a calendar changed after its first use is indexed again', () => {
    const cal = buildCalendar([fileFrom('kind: national\nyear: 2026\nholidays: []\n')]);
    expect(addWorkingDays(cal, '2026-09-30', 1)).toBe('2026-10-01');
    cal.off.set('2026-10-01', { name: '国庆节', source: 'test', provisional: false });
    expect(addWorkingDays(cal, '2026-09-30', 1)).toBe('2026-10-02');
    expect(countWorkingDays(cal, '2026-09-30', '2026-10-02')).toBe(1);
  });
});
