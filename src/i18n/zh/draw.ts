/** Messages of the draw core: plan errors, periods, warnings, staffing failures, --explain. */
const yesNo = (b: unknown) => (b === true ? '是' : b === false ? '否' : String(b ?? '（未填写）'));
const orBlank = (v: unknown) => (v === null || v === undefined || v === '' ? '（未填写）' : String(v));
const CONDITION: Record<string, string> = {
  type: '单位类型',
  industry: '行业',
  region: '所属区域',
  employeesMin: '职工人数不少于',
  employeesMax: '职工人数不多于',
  abnormal: '经营异常',
  seriousViolation: '严重违法记录',
  key: '重点监管',
  complaintsMin: '投诉举报次数不少于',
};
const show = (v: unknown) => (Array.isArray(v) ? v.join('、') : typeof v === 'boolean' ? yesNo(v) : orBlank(v));

export const draw = {
  method: { random: '随机', full_coverage: '全覆盖' } as Record<'random' | 'full_coverage', string>,
  plan: {
    invalid: (n: number) => `抽查计划有 ${n} 处错误，未进行抽取。`,
    notMapping: '应为键值映射（key: value）',
    unknownKey: (allowed: string[]) => `未知的键（可用：${allowed.join('、')}）`,
    required: '必填，不能为空',
    notText: '应为文字',
    badId: '编号不能为空，不能以空白开头，也不能含“|”（它是签号输入的分隔符）',
    notInteger: (min: number) => `应为不小于 ${min} 的整数`,
    notBool: '应为 true 或 false',
    badFactor: '权重系数应为大于 0、不超过 1000 的数',
    unknownFilterColumn: (keys: string[]) => `筛选条件引用了未知的列（可用：${keys.join('、')}）`,
    badUnitType: (types: readonly string[]) => `不是有效的单位类型（可用：${types.join('、')}）`,
    minAboveMax: '职工人数上限小于下限',
    emptyFilter: '筛选条件为空',
    badFrequency: '抽查频次应为每年 1、2、4 或 12 次',
    needList: '应为非空列表',
    duplicateId: (id: string) => `“${id}”重复`,
    needItems: '至少应列出一个抽查事项',
    unknownItem: (id: string) => `抽查事项清单中没有编号为“${id}”的事项`,
    badMode: '抽查方式应为 untargeted（不定向）或 targeted（定向）',
    untargetedFilter: '不定向抽查（untargeted）不能设筛选条件；需要筛选请改为 targeted（定向）',
    targetedNeedsFilter: '定向抽查（targeted）必须设筛选条件 filter',
    badStratify: (keys: string[]) => `分层字段只能是：${keys.join('、')}`,
    oneSize: (keys: string[]) => `抽取数量须且只能设置以下一项：${keys.join('、')}`,
    badRatio: '抽查比例应大于 0 且不超过 1（例如 0.05 表示 5%）',
    fullCoverageEmpty: '全覆盖既不包括重点监管对象（include_key: false），又没有筛选条件，范围为空',
    unusedItem: (id: string) => `事项“${id}”没有被任何抽查任务使用（事项清单与抽查计划不一致）`,
  },
  warn: {
    fullCoverageOutOfScope: (n: number) => `有 ${n} 家全覆盖对象的单位类型不在全覆盖事项的适用范围内，未列入名单`,
    typeMissing: (task: string, n: number) => `任务“${task}”：有 ${n} 家单位未填写单位类型，不在事项适用范围内，未参加抽取`,
    capped: (task: string, target: number, eligible: number) =>
      `任务“${task}”：按计划应抽 ${target} 家，但符合条件的只有 ${eligible} 家，已全部抽取`,
    noneEligible: (task: string) => `任务“${task}”：没有符合条件的单位，本期未抽取`,
    inspectorsBarred: (n: number, total: number) =>
      `检查人员名录 ${total} 人中有 ${n} 人不在岗或执法证无效（未登记有效期或已过期），未参加抽取`,
  },
  unstaffable: {
    title: (n: number) => `检查人员不足，无法为 ${n} 家单位组成检查组，未生成任何名单：`,
    employer: (name: string, uscc: string, task: string, why: string) => `${name}（${uscc}，任务“${task}”）：${why}`,
    noSpecialist: (items: string[], specialties: string[], why: string) =>
      `事项“${items.join('、')}”需要“${specialties.join('、')}”专业的检查人员，已无可派人员（${why}）`,
    tooFew: (size: number, have: number, why: string) => `检查组至少需要 ${size} 人，只能派出 ${have} 人（${why}）`,
    why: (bySpecialty: boolean, holders: number, barred: number, recused: number, home: number, full: number, cap: number | null) =>
      [
        bySpecialty ? `名录中具备该专业的共 ${holders} 人` : `名录中共 ${holders} 人`,
        barred ? `其中 ${barred} 人不在岗或执法证无效` : '',
        recused ? `${recused} 人须回避该单位` : '',
        home ? `${home} 人属该单位所在区域（回避属地）` : '',
        full ? `${full} 人本期已达检查上限 ${cap} 家` : '',
      ]
        .filter(Boolean)
        .join('，'),
  },
  explain: {
    unknown: (id: string) => `“${id}”既不是市场主体名录中的统一社会信用代码或单位名称，也不是检查人员名录中的工号`,
    ambiguous: (q: string, matches: string[]) => `名称含“${q}”的单位不止一家：${matches.join('；')}。请写全称或统一社会信用代码`,
    detail: '详细说明：',
    /** the sentence a clerk can say on the phone: pool, why this unit's chance, chance, result */
    plain: {
      inTask: (task: string) => `在“${task}”中，`,
      pool: (stratum: string | null, eligible: number, quota: number) =>
        `本期从${stratum === null ? '' : stratum + ' '}${eligible} 家符合条件的单位中随机抽取 ${quota} 家`,
      because: (factors: string[]) => (factors.length ? `贵单位因${factors.join('、')}，` : '贵单位'),
      complaints: (n: number) => `投诉举报 ${n} 次`,
      abnormal: '列入经营异常名录',
      seriousViolation: '有严重违法记录',
      times: (w: string, pct: string) => `入选机会为一般单位的 ${w} 倍，约 ${pct}`,
      chance: (pct: string) => `入选机会约 ${pct}`,
      certain: '本期必定入选',
      drawn: '本次被抽中',
      notDrawn: '本次未被抽中',
      sentence: (parts: string[]) => parts.join('；') + '。',
      fullCoverage: '贵单位属于重点监管（全覆盖）对象，本期必查，不参加随机抽取。',
      filterFails: '贵单位不在本任务的抽查范围内（不符合定向条件），本期不参加抽取。',
      outOfScope: '本任务的检查事项不适用于贵单位的单位类型，本期不参加抽取。',
      inspectedRecently: (date: string, n: number) => `贵单位上次检查日期为 ${date}，距本次检查日不足 ${n} 天，本期不参加抽取。`,
      alreadyDrawn: '贵单位今年已被本计划抽中过，本期不再参加抽取。',
      takenEarlier: (task: string) => `贵单位本期已在“${task}”中被抽中，不重复抽取。`,
      nothing: '本计划没有适用于贵单位的抽查任务。',
      inspectorDrawn: (n: number) => `本期派检 ${n} 家单位。`,
      inspectorNone: '本期未被派检。',
      inspectorBarred: '本期不参加派员（见下）。',
    },
    percent: (p: number) => `${p}%`,
    v2Quota: (expected: string, quota: number) => `  本分层本期应抽期望 x = ${expected} 家，按公开签号随机取整后抽取 ${quota} 家（期望值即各层的精确比例份额，取整不偏不倚）`,
    v2Year: (target: string, prior: number) => `  全年目标 ${target} 家，本年此前各期已抽 ${prior} 家（按台账），本期补足到年内进度`,
    v2Weighted: (w: number, factors: string, pi: string, x: string, takeAll: number, W: string) =>
      `  风险权重 w = ${w}${factors ? `（${factors}）` : ''}；入选概率 π = (x − 必中 ${takeAll} 家) × w ÷ W′ = (${x} − ${takeAll}) × ${w} ÷ ${W} = ${pi}`,
    v2Unweighted: (pi: string, x: string, eligible: number) => `  不加权：入选概率 π = x ÷ 可抽数 = ${x} ÷ ${eligible} = ${pi}`,
    v2Systematic: '  抽取方法：系统抽样（docs/algorithm.md 第 11.3 节），每家单位的入选概率恰为 π',
    factor: (rule: string, factor: number, n: number | null, min: number | null) =>
      rule === 'complaints' ? `投诉举报 ${n} 次 ≥ ${min}：×${factor}` : rule === 'abnormal' ? `经营异常：×${factor}` : `严重违法记录：×${factor}`,
    certain: '  权重足够高（或本分层全部抽取），入选概率为 1，必中',
    employerHead: (name: string, uscc: string, type: string | null, industry: string | null, region: string | null) =>
      `${name}（${uscc}）：单位类型 ${orBlank(type)}，行业 ${orBlank(industry)}，所属区域 ${orBlank(region)}`,
    notFullCoverage: (name: string) => `“${name}”：不属于全覆盖范围`,
    fullCoverageOutOfScope: (name: string, type: string | null) =>
      `“${name}”：属于全覆盖范围，但单位类型 ${orBlank(type)} 不在全覆盖事项的适用范围内`,
    fullCoverage: (name: string, key: boolean) =>
      `“${name}”：${key ? '重点监管对象' : '符合全覆盖条件'}，本期必查，不占随机抽取名额`,
    task: (name: string) => `任务“${name}”：`,
    coveredByFull: '已按全覆盖检查，不参加本任务的随机抽取',
    filterFails: (conds: string[]) => `不符合定向条件（${conds.join('；')}）`,
    condition: (key: string, expected: unknown, actual: unknown) => `${CONDITION[key] ?? key}应为 ${show(expected)}，实为 ${show(actual)}`,
    outOfScope: (type: string | null) => `单位类型 ${orBlank(type)} 不在本任务任何事项的适用范围内`,
    inspectedRecently: (date: string, days: number, n: number) => `上次检查日期 ${date}，距检查基准日 ${days} 天，不足 ${n} 天，本期排除`,
    alreadyDrawn: '本年度已被本计划随机抽中过，本期排除（防止重复检查）',
    takenEarlier: (name: string) => `本期已被任务“${name}”抽中，不再重复抽取`,
    eligible: (stratum: string, eligible: number, quota: number) => `符合条件，分层“${stratum}”共 ${eligible} 家符合条件，应抽 ${quota} 家`,
    algorithm: (v: string) => `  算法 ${v}`,
    ticket: (input: string, hex: string, u: number) => `  签号 SHA-256("${input}") = ${hex}；u = ${u}`,
    weighted: (w: number, pi: number, key: number | null) =>
      `  风险权重 ${w}，入选概率 π = ${pi}${key === null ? '' : `；排序键 (u/(1−u))/(π/(1−π)) = ${key}`}`,
    unweighted: (pi: number) => `  不加权：入选概率 π = ${pi}；排序键即 u`,
    takeAll: '  权重足够高，入选概率为 1，必中（全取）',
    cutoff: (cutoff: number, key: number, drawn: boolean) =>
      `  本分层截止值（抽中者中最大的排序键）${cutoff}；本单位排序键 ${key}${drawn ? ' ≤ 截止值' : ' > 截止值'}`,
    noQuota: '  本分层本期名额为 0',
    drawn: '  → 抽中',
    notDrawn: '  → 未抽中',
    items: (names: string[]) => `检查事项：${names.join('、')}`,
    team: (names: string[], specialties: string[]) => `检查组：${names.join('、')}（首位为组长；须覆盖专业：${specialties.join('、')}）`,
    notInList: '本期未列入抽查名单。',
    inspectorHead: (name: string, id: string, unit: string | null, specialties: string[]) =>
      `${name}（工号 ${id}，${orBlank(unit)}）：专业领域 ${specialties.length ? specialties.join('、') : '（未填写）'}`,
    barStatus: (status: string | null) => `状态为“${orBlank(status)}”，不是“在岗”，不参加抽取`,
    barCertMissing: (certNo: string) => `执法证 ${certNo} 未登记有效期，无法确认有效，不参加抽取`,
    barCertExpired: (certNo: string, expiry: string, asOf: string) => `执法证 ${certNo} 有效期至 ${expiry}，检查基准日 ${asOf} 已过期，不参加抽取`,
    noSpecialty: (needed: string[]) => `不具备本计划任何事项所需的专业领域（需要：${needed.join('、')}）`,
    qualified: (certNo: string, expiry: string, useful: string[]) =>
      `在岗，执法证 ${certNo} 有效期至 ${expiry}，可承担 ${useful.join('、')} 事项，有资格参加抽取`,
    recusals: (n: number) => `须回避 ${n} 家单位，不会被派往这些单位`,
    homeRegion: (region: string) => `计划要求回避属地：不会被派往${region}的单位`,
    workload: (n: number, cap: number | null) => `本期派检 ${n} 家${cap === null ? '' : `（上限 ${cap} 家）`}`,
    atCap: (cap: number) => `本期已达每人检查上限 ${cap} 家，此后不再被派检`,
    assignment: (task: string, name: string, uscc: string, leader: boolean) => `  ${task}：${name}（${uscc}）${leader ? '，任组长' : ''}`,
    eligibleNotDrawn: '有资格参加，但本期未被抽中派检',
  },
};
