/** Messages of `draw` and `verify` (the command layer around the draw core). */
export const drawCli = {
  description: '按抽查计划随机抽取检查对象并随机匹配执法检查人员，生成抽查名单、公示名单和可核验的清单（manifest），并记入抽查台账',
  opt: {
    employers: '检查对象名录库 CSV（市场主体名录）',
    inspectors: '执法检查人员名录库 CSV',
    plan: '抽查计划 YAML 文件',
    period: '抽查期间：2026（年度）、2026H1/2026H2、2026Q1…Q4、2026-03（月度），须与计划的抽查频次一致',
    seed: '随机种子（任意字符串）；不指定时由系统生成 128 位随机种子并记录',
    out: '输出目录（抽查名单、公示名单、manifest.json）',
    asOf: '检查日期，用于判断执法证是否有效及“近期已检查”排除（默认今天）',
    ledger: '抽查台账文件（默认：计划文件所在目录下的 draws/ledger.jsonl）',
    dryRun: '只计算并显示结果，不写入任何文件',
    explain: '说明某单位（统一社会信用代码、单位名称或名称中的一段）或某检查人员（工号）为何入选或未入选',
    interactive: '交互式向导：逐步选择文件、计划、期间和随机种子，确认后再写入',
    redraw: '对已抽取过的期间重新抽取（须同时用 --reason 说明理由，理由记入台账）',
    reason: '重新抽取的理由',
    algorithm: '抽取算法版本（默认最新的 shuangsui-draw/2；shuangsui-draw/1 只为重现旧版本的抽取）',
  },
  badAlgorithm: (v: string, known: readonly string[]) => `--algorithm 的值“${v}”不是本工具实现的算法版本（可用：${known.join('、')}）`,
  missingOptions: (flags: string[]) => `缺少必需选项：${flags.join('、')}（或使用 --demo 运行演示、--interactive 使用向导）`,
  redrawNeedsReason: '--redraw 必须同时用 --reason "…" 说明重新抽取的理由（理由将记入台账）',
  reasonWithoutRedraw: '--reason 只能与 --redraw 一起使用',
  badAsOf: (v: string) => `--as-of 的值“${v}”不是有效日期（可用格式：2026-01-05、2026/1/5、2026.1.5、2026年1月5日）`,
  emptySeed: '--seed 不能为空字符串',
  badPeriod: (period: string, planId: string, perYear: number, labels: string[]) =>
    `抽查期间 ${period} 无效：计划 ${planId} 每年 ${perYear} 期，可用 ${labels.join('、')}`,
  inputsInvalid: (n: number) => `输入文件共有 ${n} 处问题，未进行抽取，也未写入任何文件。`,
  alreadyDrawn: (planId: string, period: string, ledger: string, seqs: number[]) =>
    `计划 ${planId} 的 ${period} 期间已经抽取过（台账 ${ledger} 第 ${seqs.join('、')} 条）。同一期间不得反复抽取；确需重新抽取的，请加 --redraw --reason "理由"，重新抽取及其理由将记入台账。`,
  nothingToRedraw: (planId: string, period: string, ledger: string) =>
    `台账 ${ledger} 中没有计划 ${planId} ${period} 期间的抽取记录，无需 --redraw`,
  ledger: {
    broken: (file: string) => `抽查台账 ${file} 的哈希链已断裂，拒绝在其上继续记录。请先用 shuangsui verify --ledger 查明原因。`,
    newerFormat: (file: string | null, line: number, format: number, known: number) =>
      `抽查台账${file ? ` ${file} ` : ''}第 ${line} 行的格式版本 format 为 ${format}，本版本的 shuangsui 只认识 ${known} 及以前的版本：该行由更新的版本写入。请升级 shuangsui 后再处理此台账，未作任何处理。`,
    newerFormatLine: (format: number, known: number) => `format 为 ${format}，本版本只认识 ${known} 及以前的版本，请升级 shuangsui`,
    badJson: (line: number, detail: string) => `第 ${line} 行不是有效的 JSON（${detail}）`,
    badField: (line: number, seq: number | null, field: string) =>
      `第 ${line} 行${seq === null ? '' : `（第 ${seq} 条）`}字段 ${field} 缺失或格式不对`,
    missing: (line: number, expected: number, found: number) =>
      `第 ${line} 行应为第 ${expected} 条记录，实为第 ${found} 条：第 ${expected}${found - 1 > expected ? `～${found - 1}` : ''} 条记录缺失（被删除）或顺序被改动`,
    prevMismatch: (line: number, seq: number, prevLine: number, prevSeq: number) =>
      prevSeq === 0
        ? `第 ${line} 行（第 ${seq} 条）的 prev 应为 64 个 0（首条记录），实际不符：台账开头的记录被删除或改动`
        : `第 ${line} 行（第 ${seq} 条）记录的 prev 与第 ${prevLine} 行（第 ${prevSeq} 条）的哈希不符：第 ${prevSeq} 条记录被改动，或其后的记录被删除`,
    blankLine: (line: number) => `第 ${line} 行是空行：台账被手工编辑过`,
    unterminated: (line: number) => `第 ${line} 行没有换行符结尾：该条记录写入不完整（可能被中断）`,
    locked: (ledger: string) => `抽查台账 ${ledger} 正由另一次抽取使用，本次抽取未进行，未写入任何文件。`,
    lockHolder: (lock: string, holder: { pid: number; host: string; since: string } | null, gone: boolean) =>
      (holder ? `该锁文件由计算机 ${holder.host} 上的进程 ${holder.pid} 于 ${holder.since} 创建。` : '该锁文件的内容无法读取。') +
      (gone ? '该进程已经结束，锁文件应是上次抽取中断后遗留的。' : '请待对方抽取完成后再试。') +
      `如确认没有抽取正在进行（例如上次抽取被强行中断），请删除锁文件 ${lock} 后重新抽取。`,
    changedMeanwhile: (file: string) =>
      `抽取期间抽查台账 ${file} 被其他程序改动（未理会台账锁），本次抽取未记入台账，也未写入任何输出文件。请用 shuangsui verify --ledger ${file} 核对台账后重新抽取。`,
  },
  summary: {
    heading: (office: string, planId: string, period: string, start: string, end: string, asOf: string) =>
      `${office} 抽查计划 ${planId}，抽查期间 ${period}（${start}至${end}），检查日期 ${asOf}`,
    seedGenerated: (seed: string) => `随机种子：${seed}（未指定 --seed，由系统随机生成，已记录在 manifest.json 和台账中）`,
    seedGeneratedDryRun: (seed: string) => `随机种子：${seed}（未指定 --seed，由系统随机生成；试算不写入任何文件，此种子未记录）`,
    seedGiven: (seed: string) => `随机种子：${seed}`,
    excludedEarlier: (n: number) => `本年度此前已被本计划抽中的 ${n} 家单位不再参加本次抽取（防止重复检查）`,
    columns: ['抽查任务', '分层', '符合条件', '应抽', '抽中', '全覆盖'],
    redraw: (n: number, reason: string) => `重新抽取：本期间此前已抽取 ${n} 次；理由“${reason}”将记入台账`,
    allStrata: '（不分层）',
    total: '合计',
    workload: (min: number, max: number, n: number) => `检查人员工作量：共 ${n} 人参加，每人最少 ${min} 次、最多 ${max} 次`,
    warning: (w: string) => `警告：${w}`,
    dryRunAlreadyDrawn: (n: number) => `注意：本期间在台账中已有 ${n} 次正式抽取记录；以上为试算结果，不是正式记录。`,
    explainHeading: (id: string) => `关于 ${id} 的说明：`,
    dryRun: '试算（--dry-run）：未写入任何文件，也未记入台账。',
    wrote: (file: string) => `已写入 ${file}`,
    ledgerAppended: (file: string, seq: number, redraw: boolean) => `已记入抽查台账 ${file} 第 ${seq} 条${redraw ? '（重新抽取）' : ''}`,
    verifyHint: (dir: string) => `任何人可用以下命令复核本次抽取：shuangsui verify ${dir}`,
    demoDryRun: '注意：正在使用内置演示数据（fixtures/，虚构数据）试算，不写入任何文件。',
  },
  interactive: {
    notTty: '--interactive 需要在终端中交互运行（当前标准输入或输出不是终端，例如在定时任务或管道中）；请改用命令行选项。',
    noJson: '--interactive 不能与 --json 同时使用',
    employers: '检查对象名录库 CSV 文件：',
    inspectors: '执法检查人员名录库 CSV 文件：',
    plan: '抽查计划 YAML 文件：',
    period: '抽查期间：',
    seedHow: '随机种子：',
    seedRandom: '由系统生成随机种子（外人只能相信它不是挑出来的）',
    seedTyped: '输入事先公告的开奖号码作为种子（推荐：谁都无法事先知道或挑选）',
    seed: '开奖号码（如 05 12 19 23 28 31 + 09；多组用 + 分开）或已编码的种子：',
    seedCanonical: (typed: string, canonical: string) => `按规范编码（docs/draw.md 第 6 节），“${typed}”写作种子 ${canonical}。使用这个种子？`,
    asOf: '检查日期（执法证须在该日有效，“近期已检查”从该日倒算）：',
    badAsOf: '不是有效日期（可用格式：2026-01-05、2026/1/5、2026年1月5日）',
    periodDrawn: (label: string) => `${label}（台账中已抽取，重新抽取须说明理由）`,
    seedEmpty: '种子不能为空',
    out: '输出目录：',
    noSuchFile: '找不到该文件',
    notAFile: '这不是文件',
    confirmWrite: '确认写入抽查名单并记入台账？（记入后不可撤销，重新抽取须说明理由）',
    cancelled: '已取消，未写入任何文件。',
  },
  verify: {
    description: '复核一次抽取：用 manifest.json 记录的输入和种子重新抽取并逐字节比对输出；或检查抽查台账的哈希链',
    dirArg: '抽取输出目录，或其中的 manifest.json',
    ledgerOpt: '检查抽查台账（ledger.jsonl）的哈希链',
    employersOpt: '检查对象名录库的实际位置（默认按 manifest.json 中记录的相对路径）',
    inspectorsOpt: '执法检查人员名录库的实际位置（默认按 manifest.json 记录）',
    planOpt: '抽查计划文件的实际位置（默认按 manifest.json 记录）',
    publicOpt: '只核验公示名单（publication.csv）：供只拿到公开材料的外部人员使用',
    publicOnly: '（按 --public 只核验了公示名单 publication.csv；抽查名单 inspection-list.csv 未核验。）',
    explainOpt: '复核后说明某单位或检查人员为何入选或未入选',
    nothingToVerify: '请指定要复核的输出目录（shuangsui verify 目录）或台账（shuangsui verify --ledger 文件）',
    needsDir: '--employers/--inspectors/--plan/--explain 需要同时指定要复核的输出目录',
    badManifest: (file: string, detail: string) => `${file} 不是有效的抽取清单（manifest.json）：${detail}`,
    newerManifest: (file: string, format: number, known: number) =>
      `${file} 的格式版本 format 为 ${format}，本版本的 shuangsui 只认识 ${known} 及以前的版本：该清单由更新的版本写入。请升级 shuangsui 后再核验。`,
    otherAlgorithm: (recorded: string, ours: string) =>
      `该抽取使用算法 ${recorded}，本版本工具实现的是 ${ours}，无法复核；请使用 manifest.json 中记录版本的工具`,
    inputMissing: (key: string) => `输入文件（${key}）不存在`,
    inputChanged: (key: string, expected: string, got: string) =>
      `输入文件（${key}）已被改动：manifest.json 记录的 SHA-256 为 ${expected}，现为 ${got}`,
    inputsDiffer: (n: number) => `${n} 个输入文件与 manifest.json 的记录不符，无法复核。`,
    rerun: (planId: string, period: string, seed: string, asOf: string) =>
      `按记录重新抽取：计划 ${planId}，期间 ${period}，种子 ${seed}，检查日期 ${asOf}`,
    otherToolVersion: (recorded: string, ours: string) => `（抽取时的工具版本为 ${recorded}，本次复核使用 ${ours}；算法版本相同。）`,
    unknownOutput: (name: string) => `manifest.json 记录了本工具不会生成的输出文件 ${name}`,
    outputNotRecorded: (name: string) => `manifest.json 没有记录输出文件 ${name}`,
    outputMissing: '输出文件不存在',
    outputDiffers: '与重新抽取的结果不一致：',
    rowDiff: (line: number, expected: string, found: string) => `  第 ${line} 行：应为 ${expected}\n           实为 ${found}`,
    cellDiff: (line: number, column: string, expected: string, found: string) =>
      `  第 ${line} 行“${column}”列：应为“${expected}”，实为“${found}”`,
    noLine: '（无此行）',
    manifestHashWrong: (name: string) => `manifest.json 中 ${name} 的 SHA-256 与文件不符：manifest.json 已被改动`,
    planDiffers: (recorded: string, actual: string) => `manifest.json 记录的计划编号/年度（${recorded}）与计划文件（${actual}）不一致：manifest.json 已被改动`,
    countsDiffer: 'manifest.json 中的抽取统计与重新抽取的结果不一致：manifest.json 已被改动',
    unmatchedDiffers: (expected: string, found: string) =>
      `manifest.json 的 unmatched（--allow-unmatched 放行的未匹配筛选值）与按存档输入重新核对的结果不一致：应为 ${expected || '（无）'}，记录为 ${found || '（无）'}：manifest.json 已被改动`,
    unmatchedNotAllowed: (values: string) =>
      `计划中的筛选值 ${values} 在名录库中一个单位都匹配不上，但 manifest.json 没有 read_options.allow_unmatched：不加 --allow-unmatched 的抽取不可能如此，manifest.json 已被改动`,
    notInLedger: (sha: string) => `台账中没有 SHA-256 为 ${sha} 的 manifest.json 记录：该清单不是台账记录的那一份`,
    allMatch: (n: number, dir: string) => `复核通过：${dir} 中的 ${n} 个输出文件与重新抽取的结果逐字节一致。`,
    entryDiffers: (seq: number, field: string, expected: string, found: string) =>
      `台账第 ${seq} 条记录的 ${field} 与 manifest.json 及重新抽取的结果不一致：应为“${expected}”，台账中为“${found}”`,
    entryListDiffers: (seq: number, field: string, missing: string, extra: string) =>
      `台账第 ${seq} 条记录的 ${field}（单位名单）与重新抽取的结果不一致：${missing ? `台账缺少 ${missing}` : ''}${missing && extra ? '；' : ''}${extra ? `台账多出 ${extra}` : ''}`,
    demoOpt: '用内置演示数据（fixtures/）在临时目录中抽取一次（种子“demo”），再复核该目录及其台账',
    demoNoFiles: '--demo 复核的是新建的演示目录，不能同时指定目录或 --employers/--inspectors/--plan',
    foundInLedger: (seq: number) => `该 manifest.json 与台账第 ${seq} 条记录一致。`,
    ledgerBroken: (file: string) => `抽查台账 ${file} 的哈希链不完整：`,
    ledgerOk: (file: string, n: number, head: string) => `抽查台账 ${file} 完整：共 ${n} 条记录，哈希链无断裂；最新记录的哈希为 ${head}`,
  },
};
