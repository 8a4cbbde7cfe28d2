/** Messages of `calendar` and `check`. */
export const calendar = {
  description: '工作日历：按国务院放假安排（含调休）和地方叠加日历计算工作日',
  addDescription: '计算某日之后第 N 个工作日（起始日不计，次日起算）',
  countDescription: '统计两个日期之间的工作日数（不含起始日，含截止日）',
  showDescription: '列出某年的放假日和调休上班日',
  dateArg: '起始日期（如 2026-02-12、2026/2/12、2026年2月12日）',
  nArg: '工作日数',
  fromArg: '起始日期（不计入）',
  toArg: '截止日期（计入）',
  yearArg: '年份，如 2026',
  optRegion: '叠加地方少数民族节日：xinjiang（新疆）、ningxia（宁夏，须本单位填写）',
  optCalendar: '加载本单位的日历文件（全国年份文件或叠加文件，可重复）',
  badDateArg: (what: string, raw: string) =>
    `${what} 的值“${raw}”不是有效日期（可用格式：2026-01-05、2026/1/5、2026.1.5、2026年1月5日）`,
  badN: (raw: string) => `工作日数“${raw}”无效：应为 0 到 3660 之间的整数`,
  badYearArg: (raw: string) => `年份“${raw}”无效：应为四位数字，如 2026`,
  uncovered: (years: number[]) =>
    `没有 ${years.join('、')} 年的工作日历，无法计算工作日（不会按周一至周五推算）。` +
    `请在国务院办公厅公布当年放假安排后，按 rules/calendar/2026.yaml 的格式新建 rules/calendar/${years[0]}.yaml，` +
    `或用 --calendar 文件（compliance.yaml 中为 calendar.files）加载本单位编制的 ${years[0]} 年日历。`,
  overlayUncovered: (name: string, years: number[], file: string) =>
    `${name} ${years.join('、')} 年地方节日未收录：叠加“${name}”时无法计算这些年份的工作日（不会只按全国日历推算）。` +
    `请按自治区人民政府办公厅当年的放假通知，在 ${file} 的 years 下添加 ${years[0]} 年（通知标题、文号、日期和放假日期），` +
    `或不用 --region 计算。`,
  unknownRegion: (region: string, available: string[]) => `未知地区“${region}”（可用：${available.join('、') || '无'}）`,
  fileNotMapping: (file: string) => `${file}：日历文件顶层应为键值映射`,
  unknownKey: (key: string, allowed: string[]) => `未知的键“${key}”（可用：${allowed.join('、')}）`,
  badKind: 'kind 应为 national（全国全年日历）或 overlay（地方叠加）',
  notList: '应为列表',
  notMapping: '应为键值映射',
  notBool: '应为 true 或 false',
  badYear: '年份无效，应为四位数字',
  yearAndYears: '不能同时使用 year/holidays 与 years',
  dateOutsideYear: (y: number) => `日期不在 ${y} 年或相邻年份内`,
  badDayOrRange: '应为日期（2026-02-15）或日期区间（2026-02-15..2026-02-23）',
  makeUpNotWeekend: (d: string) => `${d} 不是周六或周日，不能作为调休上班日`,
  emptyHoliday: '既没有 off（放假日）也没有 make_up（调休上班日）',
  national: '全国',
  addResult: (start: string, n: number, result: string, wd: string) => `${start} 之后第 ${n} 个工作日：${result}（${wd}）`,
  countReversed: (from: string, to: string) => `起始日 ${from} 晚于终止日 ${to}：请把较早的日期写在前面（calendar count ${to} ${from}）`,
  countResult: (from: string, to: string, n: number) => `${from} 至 ${to}：${n} 个工作日（不含 ${from}，含 ${to}）`,
  provisionalCaveat: (what: string) => `提示：计算用到了暂定日历（${what}），须以正式通知核对。`,
  showTitle: (y: number) => `${y} 年工作日历`,
  noticeLine: (title: string, num: string | null, date: string | null) =>
    `依据：《${title}》${num ? `（${num}）` : '（文号待核对）'}${date ? `，${date}` : ''}`,
  overlaysLine: (names: string[]) => `叠加：${names.join('、')}`,
  colDate: '日期',
  colWeekday: '星期',
  colType: '类型',
  colName: '节日',
  colSource: '来源',
  typeOff: '放假',
  typeWorkday: '调休上班',
  provisionalMark: '（暂定）',
  showSummary: (off: number, work: number) => `共 ${off} 个放假日（含假期内周末）、${work} 个调休上班日。`,
  weekdays: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
};

export const check = {
  description: '合规检查：执法公示期限、执法证、抽查频次、办案期限、年度数据公开（适合每月定时运行）',
  deadlinesDescription: '检查行政执法决定是否在规定的工作日内公示、撤销后是否及时撤下',
  rosterDescription: '检查在岗执法人员的行政执法证是否有效、抽查事项是否有两名以上具备资格的执法人员',
  drawsDescription: '检查抽查台账：各期是否按计划抽取、全年比例是否达标、同一单位一年内是否重复抽中、台账链是否完整',
  casesDescription: '检查办案期限（立案之日起 60 个工作日，经批准延长 30 个工作日）',
  annualDescription: '检查上一年度执法数据的公开期限（1月31日、1月25日或春节前，按本单位配置）',
  allDescription: '按 compliance.yaml 运行全部检查并输出一份报告（供 cron 每月定时运行）',
  optDecisions: '行政执法决定台账 CSV（案号、决定类型、决定日期、公示日期、撤销日期、撤下日期）',
  optInspectors: '执法检查人员名录库 CSV',
  optPlan: '抽查计划 plan.yaml',
  optLedger: '抽查台账（draw 命令写入的 .jsonl 文件）',
  optCases: '办案台账 CSV（案号、立案日期、延期批准、调查终结日期）',
  optSince: '只检查该日及以后作出（立案）的，更早的视为已处理的历史记录',
  optAsOf: '检查基准日（默认今天，北京时间）',
  optWarnDays: '提前提醒的工作日数（默认 5）',
  optRosterWarnDays: '执法证到期前提醒的天数（日历日，默认 30）',
  optRules: '公示期限规则文件（默认 rules/disclosure.yaml）',
  optOutCsv: '把结果另存为 CSV 文件（UTF-8 带 BOM）',
  optOutReport: '把报告另存为 Markdown 文件',
  optYear: '数据所属年度（如 2025，则检查 2026 年初的公开期限；默认上一年）',
  optPublishedOn: '实际公开日期（未公开则不填）',
  optConfig: '检查配置文件 compliance.yaml',
  optDemoInputs: '未指定的输入文件改用内置演示数据（fixtures/）；基准日默认取演示配置的 2026-11-21',
  optDemo: '使用内置演示配置 fixtures/compliance.yaml',
  badWarnDays: (raw: string) => `提醒天数“${raw}”无效：应为 0 到 365 之间的整数`,
  kindsRequired: (kinds: readonly string[]) => `须列出适用的决定类型（可用：${kinds.join('、')}）`,
  kindTwice: (k: string, i: number) => `决定类型“${k}”已在 publish[${i}] 中出现`,
  kindMissing: (k: string) => `决定类型“${k}”没有对应的公示期限`,
  badWorkingDays: '工作日数应为 0 到 365 之间的整数',
  statusLabels: {
    'withdrawal-overdue': '逾期未撤下',
    'withdrawal-late': '撤下超期',
    overdue: '逾期未公示',
    late: '公示超期',
    due: '待公示',
    'withdrawal-due': '待撤下',
    withdrawn: '已撤下',
    ok: '按期',
  } as Record<string, string>,
  soonMark: '（临近）',
  rowMessage: (r: {
    status: string;
    kind: string;
    decidedOn: string;
    publishedOn: string | null;
    deadline: string;
    workingDays: number;
    revokedOn: string | null;
    withdrawnOn: string | null;
    basis: string;
  }): string => {
    const head = `${r.kind}决定（${r.decidedOn}作出）`;
    switch (r.status) {
      case 'late':
        return `${head}应于 ${r.deadline} 前公示（${r.basis}），实际 ${r.publishedOn} 公示，超期 ${r.workingDays} 个工作日`;
      case 'overdue':
        return `${head}应于 ${r.deadline} 前公示（${r.basis}），至今未公示，已逾期 ${r.workingDays} 个工作日`;
      case 'due':
        return `${head}应于 ${r.deadline} 前公示，还剩 ${r.workingDays} 个工作日`;
      case 'withdrawal-overdue':
        return `${head}已于 ${r.revokedOn} 撤销或变更，公示内容应于 ${r.deadline} 前撤下（${r.basis}），至今未撤下，已逾期 ${r.workingDays} 个工作日`;
      case 'withdrawal-late':
        return `${head}已于 ${r.revokedOn} 撤销或变更，公示内容应于 ${r.deadline} 前撤下（${r.basis}），实际 ${r.withdrawnOn} 撤下，超期 ${r.workingDays} 个工作日`;
      case 'withdrawal-due':
        return `${head}已于 ${r.revokedOn} 撤销或变更，公示内容应于 ${r.deadline} 前撤下，还剩 ${r.workingDays} 个工作日`;
      default:
        return `${head}按期`;
    }
  },
  csvHeader: ['案号', '决定类型', '决定日期', '公示日期', '期限', '状态', '状态代码', '超期或剩余工作日', '撤销日期', '撤下日期', '依据'],
  colCaseNo: '案号',
  colKind: '决定类型',
  colDecidedOn: '决定日期',
  colDeadline: '期限',
  colPublishedOn: '公示日期',
  colStatus: '状态',
  colDays: '工作日',
  deadlinesSummary: (total: number, counts: [string, number][]) =>
    `共 ${total} 件：${counts.filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join('，') || '无'}`,
  caseClosedLate: (opened: string, days: number, limit: string, closed: string, late: number) =>
    `${opened} 立案，调查应在 ${days} 个工作日内（${limit} 前）完成，实际 ${closed} 调查终结，超期 ${late} 个工作日（劳动保障监察条例 第十七条）`,
  caseOverdue: (opened: string, days: number, limit: string, late: number, extended: boolean) =>
    `${opened} 立案，调查应在 ${days} 个工作日内（${limit} 前）完成${extended ? '（已含延期 30 个工作日）' : '（未记录延期批准）'}，至今未填写调查终结日期，已超期 ${late} 个工作日（劳动保障监察条例 第十七条）`,
  caseDueSoon: (opened: string, days: number, limit: string, left: number, extended: boolean) =>
    `${opened} 立案，办案期限至 ${limit}（${days} 个工作日${extended ? '，已含延期' : ''}），还剩 ${left} 个工作日`,
  springFestivalDayRequired: 'deadline 为 spring-festival（春节前）时须用 spring_festival 写明以哪天为准：eve（除夕）、first-day（正月初一）或 holiday-start（春节假期第一天）',
  badAnnualDeadline: 'deadline 应为月-日（如 01-31、01-25）或 spring-festival（春节前）',
  badBefore: 'before 应为 inclusive（含当日）或 exclusive（不含当日）',
  annualNominal: (named: string, last: string, inclusive: boolean) =>
    `“${named}前”${inclusive ? '含当日' : '不含当日'}，最迟 ${last} 公开（${inclusive ? '含当日为本工具默认' : '本单位设置'}，compliance.yaml annual_report.before）；固定日期不因休息日顺延`,
  annualRolled: (named: string, last: string, rolled: string, inclusive: boolean) =>
    `“${named}前”${inclusive ? '含当日' : '不含当日'}，${last} 为休息日，按本单位设置（annual_report.roll_forward: true）顺延至 ${rolled}；民法典 第203条规定的是期间的最后一日，不当然适用于固定日期`,
  noSpringFestival: (y: number) => `${y} 年的日历文件没有 spring_festival（正月初一），无法确定“春节前”的期限`,
  annualSpringFestival: (day: string, date: string, deadline: string, inclusive: boolean) =>
    `“春节前”按本单位配置以${day === 'eve' ? '除夕' : day === 'first-day' ? '正月初一' : '春节假期第一天'}（${date}）为准，${inclusive ? '含当日' : '不含当日'}（compliance.yaml annual_report.before），最迟 ${deadline} 公开`,
  annualSubject: (y: number) => `${y} 年度执法数据`,
  annualLate: (pub: string, deadline: string, expl: string) => `${pub} 公开，晚于期限 ${deadline}（${expl}；国办发〔2018〕118号）`,
  annualOverdue: (deadline: string, expl: string) => `至今未公开，期限 ${deadline} 已过（${expl}；国办发〔2018〕118号）`,
  annualDueSoon: (deadline: string, left: number, expl: string) => `尚未公开，期限 ${deadline}，还剩 ${left} 个工作日（${expl}）`,
  annualOk: (y: number, expl: string, pub: string | null) =>
    `${y} 年度执法数据：${expl}${pub ? `；已于 ${pub} 公开` : ''}`,
  certMissingExpiry: (certNo: string) => `执法证 ${certNo} 未填写有效期，无法核对是否有效`,
  certExpired: (certNo: string, expiry: string) => `在岗人员的执法证 ${certNo} 已于 ${expiry} 到期，不得从事执法检查`,
  certExpiring: (certNo: string, expiry: string, days: number) => `执法证 ${certNo} 将于 ${expiry} 到期（${days} 天内），请及时换证`,
  itemUnderstaffed: (specialty: string, names: string[], min: number) =>
    `具备“${specialty}”专业且执法证有效的在岗人员只有 ${names.length} 名${names.length ? `（${names.join('、')}）` : ''}，少于现场检查所需的 ${min} 名`,
  ledgerSubject: '抽查台账',
  ledgerNoNewline: '最后一行没有换行符：台账可能在写入时中断',
  ledgerBadLine: '该行不是有效的 JSON 记录：台账已损坏或被改动',
  ledgerBadField: (field: string) => `字段 ${field} 缺失或格式不对：台账已损坏或被改动`,
  ledgerBadSeq: (n: number, got: unknown) => `序号应为 ${n}，实为 ${JSON.stringify(got)}：台账行被删除、插入或调换`,
  ledgerBadPrev: (n: number) => `第 ${n} 行记录的前一行哈希与实际不符：前一行已被改动，或有行被删除、插入`,
  periodMissing: (label: string, end: string) => `计划的抽查期 ${label} 已于 ${end} 结束，台账中没有该期的抽取记录`,
  periodOpen: (label: string, end: string) => `本期 ${label} 尚未抽取（期末 ${end}）`,
  periodUnknown: (label: string, known: string[]) => `台账记录的抽查期 ${label} 不是本计划的抽查期（${known.join('、')}）`,
  quotaShort: (stratum: string, quota: number, drawn: number, eligible: number) =>
    `层“${stratum}”应抽 ${quota} 户，实际抽取 ${drawn} 户（可抽 ${eligible} 户）`,
  ratioBehind: (name: string, ended: number, freq: number, drawn: number, target: number, ratio: number) =>
    `任务“${name}”全年比例 ${(ratio * 100).toFixed(1)}%：已结束 ${ended}/${freq} 期，应至少抽取 ${target} 户，实际 ${drawn} 户，进度落后`,
  drawnTwice: (uscc: string, first: string, again: string) => `${uscc} 在 ${first} 已被随机抽中，${again} 再次抽中（计划未允许同一年度重复抽查）`,
  checkNames: {
    deadlines: '执法公示',
    roster: '执法证',
    draws: '抽查',
    cases: '办案期限',
    'annual-report': '年度数据公开',
    results: '抽查结果公示',
  } as Record<string, string>,
  reportTitle: (asOf: string) => `合规检查报告（截至 ${asOf}）`,
  findingsTitle: (n: number) => `发现问题（${n} 项）`,
  warningsTitle: (n: number) => `提醒（${n} 项）`,
  itemSep: '：',
  none: '无',
  summary: (asOf: string, nf: number, nw: number, parts: string[]) =>
    `汇总（${asOf}）：${nf ? `发现问题 ${nf} 项` : '未发现问题'}，提醒 ${nw} 项；已检查 ${parts.join('、')}`,
  configMissingChecks: 'checks 下至少要列出一项检查（deadlines、roster、draws、cases、annual_report）',
  configUnknownCheck: (k: string) => `未知的检查“${k}”（可用：deadlines、roster、draws、cases、annual_report）`,
  configFileRequired: (key: string) => `须写明文件路径（${key}）`,
  configBadNumber: '应为 0 到 365 之间的整数',
  inputsFailed: (n: number) => `${n} 个输入文件有问题，未做任何检查：`,
  inputErrorTitle: (check: string, n: number) => `输入有误：${check}检查未能进行（${n} 处问题）`,
  reportReplaced: (file: string) => `报告 ${file} 已存在，已用本次结果覆盖（报告不是正式记录；每次运行都重新生成）`,
  inputErrorsExit: (n: number) => `${n} 项检查因输入有误未能进行（见报告中的“输入有误”部分），其余检查已完成；退出码 2`,
  reportWritten: (file: string) => `报告已写入 ${file}`,
  csvWritten: (file: string) => `结果已写入 ${file}`,
  configOrDemo: '--config 与 --demo 只能选一个',
  annualYearDefault: (y: number) => `未指定 --year，按上一年度 ${y} 检查`,
};
