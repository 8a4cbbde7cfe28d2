import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blankStrata, directoryValues, unmatchedFilterValues, valuesNoter } from '../../src/core/draw/unmatched.js';
import { directory, plan } from './draw.support.js';

// The draw gathers only the filter columns its plan names (valuesNoter); what the plan's checks say
// must be what gathering every column (noteValues) gives.

const values = fc.constantFrom('制造业', '建筑业', '城关镇', '东城街道', '企业', '个体工商户', '建筑业，制造业');
const filter = fc.record({ type: fc.array(fc.constantFrom('企业', '个体工商户'), { minLength: 1, maxLength: 2 }), industry: fc.array(values, { minLength: 1, maxLength: 2 }), region: fc.array(values, { minLength: 1, maxLength: 2 }) }, { requiredKeys: [] });

describe('valuesNoter', () => {
  it('gives the unmatched filter values and blank strata that noteValues gives', () => {
    fc.assert(
      fc.property(filter, fc.option(filter), fc.constantFrom([], ['region'], ['industry'], ['region', 'industry']), fc.nat(40), (f, fcf, stratify, n) => {
        const p = plan({
          tasks: [
            { id: 'all', name: '不定向', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 1 }, stratify_by: stratify },
            ...(Object.keys(f).length ? [{ id: 't', name: '定向', mode: 'targeted', filter: f, items: ['wage'], size: { count: 1 } }] : []),
          ],
          ...(fcf && Object.keys(fcf).length ? { full_coverage: { items: ['wage'], filter: fcf } } : {}),
        });
        const rows = directory(n, (i) => ({ region: i % 5 ? '城关镇' : null, industry: i % 3 ? '建筑业' : i % 7 ? null : '制造业', type: i % 2 ? '企业' : null }));
        const all = directoryValues(rows);
        const some = directoryValues();
        const note = valuesNoter(p);
        for (const e of rows) note(some, e);
        expect(unmatchedFilterValues(p, some)).toEqual(unmatchedFilterValues(p, all));
        expect(blankStrata(p, some)).toEqual(blankStrata(p, all));
      }),
      { numRuns: 60 },
    );
  });
});
