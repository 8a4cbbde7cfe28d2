import type { ProblemParams } from '../errors.js';
import { splitParam } from '../core/yaml-fields.js';
import type { FactSpec } from '../core/penalty/types.js';
import type { common as zhCommon } from './zh/common.js';
import type { penalty as zhPenalty } from './zh/penalty.js';

type Words = (p: ProblemParams) => string;
const str = (v: ProblemParams[string] | undefined) => String(v ?? '');
const num = (v: ProblemParams[string] | undefined) => Number(v ?? 0);

/** One builder for zh and en (each passes its own sections), so the two catalogues have the same codes and cannot drift. */
export function penaltyProblems({ penalty, common }: { penalty: typeof zhPenalty; common: typeof zhCommon }) {
  const S = penalty.schema;
  const { io } = common;
  /** a statutory limit travels as digits of fen or of ratio units (params are flat, bigint is not JSON) */
  /** a sample case (ruleset.levels.*): name=value pairs, money as fen:<digits> */
  const facts = (v: ProblemParams[string] | undefined) =>
    splitParam(v)
      .map((kv) => kv.replace(/=fen:(\d+)$/, (_m, fen: string) => `=${penalty.fmt.yuan(BigInt(fen))}`))
      .join(', ');
  const yuanRange = (min: ProblemParams[string] | undefined, max: ProblemParams[string] | undefined) => `${penalty.fmt.yuan(BigInt(str(min)))}–${penalty.fmt.yuan(BigInt(str(max)))}`;
  const K = penalty.check;
  const F = penalty.facts;
  /** the fact spec a fact.* code carries, rebuilt for the catalogue's words */
  const spec = (p: ProblemParams): FactSpec => ({
    name: str(p.name),
    label: str(p.label),
    type: str(p.type) as FactSpec['type'],
    required: true,
    min: p.min === null || p.min === undefined ? undefined : num(p.min),
    values: typeof p.values === 'string' ? p.values.split('\n').map((kv) => ({ key: kv.slice(0, kv.indexOf('=')), label: kv.slice(kv.indexOf('=') + 1) })) : undefined,
  });

  const limit = (p: ProblemParams) => (p.unit === 'ratio' ? penalty.fmt.ratio(BigInt(str(p.amount))) : penalty.fmt.yuan(BigInt(str(p.amount))));

  /** The codes of the rule files (rules/penalty/*.yaml), review.yaml, rule conditions and rule test cases. */
  const penaltyProblems = {
    'rule.root.mapping': () => io.yamlNotMapping,
    'rule.mapping': () => S.notMapping,
    'rule.key.unknown': (p) => S.unknownKey(splitParam(p.allowed)),
    'rule.required': () => S.required,
    'rule.text': () => S.notText,
    'rule.bool': () => S.notBool,
    'rule.int': () => S.badNumber,
    'rule.date': () => io.badDate,
    'rule.id': () => S.badId,
    'rule.fact.name': () => S.badFactName,
    'rule.fact.common': (p) => S.commonFactRedeclared(str(p.name)),
    'rule.fact.type': (p) => S.badFactType(splitParam(p.allowed)),
    'rule.fact.values': () => S.enumValues,
    'rule.fact.values.enum_only': () => S.valuesOnlyForEnum,
    'rule.fact.default': (p) => S.badDefault(str(p.type)),
    'rule.fact.of_type': (p) => S.factOfType(str(p.fact), str(p.type)),
    'rule.limitation.pair': () => S.extendedPair,
    'rule.versions': () => S.versionsRequired,
    'rule.version.duplicate': () => S.duplicateVersion,
    'rule.version.to': (p) => S.toBeforeFrom(str(p.from)),
    'rule.order_first': () => S.orderFirstNeedsFact,
    'rule.basis': () => S.basisRequired,
    'rule.nature': () => S.badNature,
    'rule.band.both': () => S.bandOrBands,
    'rule.band.required': () => S.bandRequired,
    'rule.persons_band.kind': () => S.personsKind,
    'rule.levels': () => S.levelsRequired,
    'rule.level.persons_band': () => S.noStatutoryPersons,
    'rule.level.duplicate': () => S.duplicateLevel,
    'rule.level.band.use': (p) => S.levelBandRequired(splitParam(p.bands)),
    'rule.band.kind': (p) => S.badKind(splitParam(p.allowed)),
    'rule.band.per': (p) => S.perCount(str(p.kind), num(p.count)),
    'rule.band.per.integer': (p) => S.perNotInteger(str(p.fact)),
    'rule.band.of.money': (p) => S.ofNotMoney(str(p.fact)),
    'rule.band.of.only': () => S.ofOnlyMultiple,
    'rule.band.none': () => S.noneHasAmounts,
    'rule.band.max_only': () => S.maxOnlyNoMin,
    'rule.band.then': () => S.thenOnlyPerMonth,
    'rule.band.max_below_min': () => S.maxBelowMin,
    'rule.band.unknown': (p) => S.unknownBand(splitParam(p.bands)),
    'rule.amount': (p) => S.badAmount(str(p.kind)),
    'rule.statutory.below': (p) => S.belowStatutory(limit(p)),
    'rule.statutory.above': (p) => S.aboveStatutory(limit(p)),
    'rule.measure.list': (p) => S.measureList(splitParam(p.allowed)),
    'rule.measure.no_kind': (p) => S.measureNoKind(str(p.text), splitParam(p.allowed)),
    'rule.measure.kind': (p) => S.badMeasureKind(splitParam(p.allowed)),
    'rule.measure.amount.kind': () => S.measureAmountKind,
    'rule.measure.amount.money': (p) => S.measureAmountMoney(str(p.fact)),
    'condition.mapping': () => S.cond.notMapping,
    'condition.list': () => S.cond.emptyList,
    'condition.fact.unknown': (p) => S.cond.unknownFact(str(p.fact), splitParam(p.known)),
    'condition.operator.one': () => S.cond.oneOperator,
    'condition.operator': (p) => S.cond.badOperator(splitParam(p.allowed)),
    'condition.operator.type': (p) => S.cond.opNotForType(str(p.op), str(p.type)),
    'condition.value': (p) => S.cond.badValue(str(p.fact), str(p.type)),
    'review.root.mapping': () => io.yamlNotMapping,
    'review.mapping': () => S.notMapping,
    'review.key.unknown': (p) => S.unknownKey(splitParam(p.allowed)),
    'review.share': () => S.badShare,
    'review.amount': () => S.badAmount('fixed'),
    'review.list': () => S.textList,
    'review.bool': () => S.notBool,
    'review.int': () => S.badNumber,
    'review.text': () => S.notText,
    'review.order': (p) => S.badOrder(splitParam(p.allowed)),
    'review.first_offense': () => S.firstOffenseReplaced,
    'review.first_offense.excluded': (p) => S.firstOffenseExcluded(str(p.rule)),
    'review.rule.unknown': (p) => S.unknownRule(str(p.rule)),
    'review.measure.kind': (p) => S.badMeasureKind(splitParam(p.allowed)),
    'review.hearing.kinds': (p) => S.hearingKindsByLaw(splitParam(p.kinds)),
    'ruleset.id.duplicate': (p) => K.duplicateId(str(p.file)),
    'ruleset.parent.unknown': (p) => K.unknownParent(str(p.parent)),
    'ruleset.versions.overlap': (p) => K.versionsOverlap(str(p.a), str(p.b)),
    'ruleset.statute': (p) => K.outsideStatute(str(p.rule), str(p.allowed)),
    'ruleset.levels.gap': (p) => K.gap(facts(p.facts)),
    'ruleset.levels.overlap': (p) => K.overlap(splitParam(p.levels), facts(p.facts)),
    'ruleset.parent.outside': (p) => K.outsideParent(str(p.parent), str(p.level), yuanRange(p.min, p.max), yuanRange(p.parent_min, p.parent_max), facts(p.facts)),
    // a case's facts (penalty --rule/--case/--batch, rules test); the spec travels as params
    'fact.unknown': (p) => F.unknown(str(p.name), splitParam(p.close), splitParam(p.known)),
    'fact.expected': (p) => F.expected(spec(p), str(p.error) as 'type' | 'enum' | 'min'),
    'fact.missing': (p) => F.missing(spec(p)),
    'fact.after_decision': (p) => F.afterDecision(str(p.label), str(p.decision)),
    'fact.end_before_start': (p) => F.endBeforeStart(str(p.act)),
    'fact.discovered_before_act': (p) => F.discoveredBeforeAct(str(p.act)),
    'fact.no_version': (p) => F.noVersion(str(p.date), str(p.first)),
    'rule.level.none': (p) => penalty.compute.noLevel(str(p.rule), str(p.version)),
    'rule.level.two': (p) => penalty.compute.twoLevels(str(p.rule), str(p.version), splitParam(p.levels)),
    'golden.list': () => penalty.golden.notList,
    'golden.mapping': () => penalty.golden.notMapping,
    'golden.key.unknown': (p) => S.unknownKey(splitParam(p.allowed)),
    'golden.required': () => S.required,
    'golden.party': () => penalty.golden.badParty,
    'golden.rule.unknown': () => penalty.golden.noSuchRule,
    // penalty --case: the file's shape (rule, party, facts) is said whole, as the headline says it
    'case.shape': () => penalty.cmd.caseBad,
    'case.party': () => penalty.golden.badParty,
  } satisfies Record<string, Words>;
  return { ...penaltyProblems };
}
