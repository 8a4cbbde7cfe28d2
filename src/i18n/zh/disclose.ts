/** Messages of 一公开: `publish roster|items`, `results template|check|publish`, `report annual`. */
import type { RulesProblemCode } from '../../core/results/categories.js';

const list = (xs: readonly string[]) => xs.join('、');

export const publish = {
  description: '事前公开：生成行政执法人员清单、随机抽查事项清单（公示用）',
  rosterDescription: '行政执法人员清单：在岗且执法证在有效期内的人员（姓名、科室、执法类别、执法证号、有效期至）',
  itemsDescription: '随机抽查事项清单：抽查事项、依据、主体、对象、方式、比例、频次（来自抽查计划）',
  optInspectors: '执法检查人员名录库 inspectors.csv',
  optAsOf: '以哪一天判断执法证是否有效（默认今天）',
  optOut: '输出 CSV 文件',
  optPlan: '抽查计划 plan.yaml',
  leftNotOnDuty: (status: string | null) => `状态为“${status ?? '（空）'}”，不是在岗`,
  leftNoExpiry: '未填执法证有效期，无法确认证件有效',
  leftExpired: (expiry: string) => `执法证已于 ${expiry} 到期`,
  leftOut: (where: string, id: string, name: string, why: string) => `未列入：${id} ${name}（${where}）：${why}`,
  rosterWritten: (file: string, n: number, left: number, asOf: string) =>
    `已写出行政执法人员清单 ${file}：${n} 人（截至 ${asOf}；${left} 人未列入，见上）。清单不含工号、回避单位和联系方式。`,
  itemsWritten: (file: string, n: number) => `已写出随机抽查事项清单 ${file}：${n} 行。`,
};

export const results = {
  description: '抽查结果：生成登记表、核对登记表、公示抽查结果并记入台账',
  templateDescription: '为某次抽签生成检查结果登记表（每家抽中单位一行，附待填写的检查结果各列）',
  checkDescription: '按抽签结果和台账核对检查结果登记表（0 无问题，1 发现问题，2 文件无法读取）',
  publishDescription: '核对无误后生成抽查结果公示表和 manifest，并在台账中追加 results 记录',
  dirArg: '抽签输出目录（含 manifest.json、inspection-list.csv）',
  optFormat: '登记表格式：csv',
  optTemplateOut: '登记表输出文件（默认：抽签目录下 results-register.csv）',
  optResults: '填写好的检查结果登记表',
  optAsOf: '核对基准日（检查日期不得晚于此日；公示时即公示日期；默认今天）',
  optInspectors: '执法检查人员名录库（默认：抽签时使用的 inspectors.csv），用于核对替换人员',
  optLedger: '抽签台账（默认：计划所在目录下 draws/ledger.jsonl）',
  optResultsRules: '检查结果取值文件（默认：rules/results.yaml）',
  optPublishOut: '公示输出目录（默认：抽签目录下 results/，重新公示为 results-2/ 等）',
  optRepublish: '更正后重新公示（须同时用 --reason 说明理由，理由记入台账）',
  optReason: '重新公示的理由',
  noXlsx: '本工具不生成 .xlsx 文件：请用 --format csv（带 BOM 的 UTF-8，Excel/WPS 可直接打开和另存）',
  badFormat: (f: string, allowed: string[]) => `不支持的格式“${f}”（可用：${list(allowed)}）`,
  templateWritten: (file: string, n: number, period: string) =>
    `已写出检查结果登记表 ${file}：${period} 期 ${n} 行。请填写 检查日期、检查方式、检查结果 等列，然后运行 shuangsui results check。`,
  rulesProblem: (code: RulesProblemCode, detail?: string) =>
    ({
      'not-mapping': '应为键值映射',
      'not-list': '应为列表',
      'unknown-key': `未知的键（可用：${detail ?? ''}）`,
      required: '必填，不能为空',
      'not-bool': '应为 true 或 false',
      duplicate: `与“${detail ?? ''}”重复`,
      empty: '列表不能为空',
    })[code],
  drawAltered: (file: string) => `${file} 与抽签 manifest.json 记录的哈希不一致：抽签结果已被改动，请先运行 shuangsui verify 核验`,
  planChanged: (file: string) => `${file} 在抽签后被修改（哈希与 manifest.json 记录不一致）；请恢复抽签时的计划文件，或先运行 shuangsui verify`,
  noLedger: (file: string) => `找不到抽签台账 ${file}；请用 --ledger 指定抽签时写入的台账`,
  ledgerFault: '台账哈希链断裂，请先运行 shuangsui verify --ledger 查明',
  drawNotInLedger: (dir: string, ledger: string) => `${dir} 的抽签不在台账 ${ledger} 中（按 manifest.json 的哈希查找）；只能为记入台账的正式抽签公示结果`,
  drawReplaced: (dir: string, seq: number) => `${dir} 的抽签已被台账第 ${seq} 号记录（重新抽签）取代；请为现行有效的抽签登记和公示结果`,
  finding: {
    notDrawn: (task: string, uscc: string) => `${uscc} 不在本次抽签“${task}”的名单中`,
    duplicate: (uscc: string, task: string, first: number) => `${uscc}（${task}）重复登记，第 ${first} 行已有`,
    missing: (name: string, uscc: string, task: string) => `抽中单位 ${name}（${uscc}，${task}）未在登记表中登记`,
    resultMissing: '未填写检查结果',
    resultUnknown: (v: string, allowed: string[]) => `检查结果“${v}”不是允许的取值（可用：${list(allowed)}）`,
    methodMissing: '未填写检查方式',
    methodUnknown: (v: string, allowed: string[]) => `检查方式“${v}”不是允许的取值（可用：${list(allowed)}）`,
    dateMissing: '未填写检查日期',
    dateOutsidePeriod: (d: string, s: string, e: string) => `检查日期 ${d} 不在抽查期间 ${s} 至 ${e} 内`,
    dateAfterAsOf: (d: string, asOf: string) => `检查日期 ${d} 晚于基准日 ${asOf}`,
    numberMissing: (r: string) => `检查结果为“${r}”，须填写处理决定文号或立案号`,
    changeWithoutReason: (drawn: string[], actual: string[]) => `实际检查人员（${list(actual)}）与抽中的检查人员（${list(drawn)}）不同，未填写人员变更原因`,
    substituteUnknown: (id: string) => `实际检查人员 ${id} 不在执法检查人员名录库中`,
    substituteNotOnDuty: (id: string, name: string, status: string | null) => `替换人员 ${id} ${name} 状态为“${status ?? '（空）'}”，不是在岗人员`,
    substituteCert: (id: string, name: string, expiry: string | null, date: string) =>
      expiry ? `替换人员 ${id} ${name} 的执法证已于 ${expiry} 到期，检查日 ${date} 不具备执法资格` : `替换人员 ${id} ${name} 未登记执法证有效期，无法确认检查日 ${date} 具备执法资格`,
    substituteRecused: (id: string, name: string, uscc: string) => `替换人员 ${id} ${name} 须回避 ${uscc}`,
    teamTooSmall: (n: number, min: number) => `实际检查人员 ${n} 人，少于 ${min} 人`,
  },
  checkFindings: (n: number, rows: number) => `检查结果登记表有 ${n} 处问题（共 ${rows} 行）。`,
  checkClean: (rows: number, period: string) => `检查结果登记表核对无误：${period} 期 ${rows} 行。`,
  publishRefused: (n: number) => `登记表有 ${n} 处问题，未公示、未写入任何文件。请改正后重新运行。`,
  republishNeedsReason: '--republish 须同时用 --reason 说明重新公示的理由',
  reasonWithoutRepublish: '--reason 只能与 --republish 一起使用',
  alreadyPublished: (period: string, seqs: number[], ledger: string) =>
    `${period} 期的抽查结果已经公示（台账 ${ledger} 第 ${seqs.join('、')} 号记录）；如需更正后重新公示，请加 --republish --reason "理由"`,
  nothingToRepublish: (period: string) => `${period} 期的抽查结果尚未公示，无需 --republish`,
  wrote: (file: string) => `已写出 ${file}`,
  published: (period: string, units: number, inspected: number, problems: number, date: string) =>
    `${period} 期抽查结果：${units} 家单位，已检查 ${inspected} 家，发现问题 ${problems} 家；公示日期 ${date}。`,
  ledgerAppended: (file: string, seq: number, drawSeq: number, republish: boolean) =>
    `已记入台账 ${file} 第 ${seq} 号记录（${republish ? '重新公示，' : ''}对应第 ${drawSeq} 号抽签记录）。`,
  verifyHint: (dir: string) => `任何人都可以核验：shuangsui verify ${dir}`,
  deadline: {
    late: (rows: number, units: number, publishedOn: string, due: string, late: number, basis: string) =>
      `抽查结果 ${publishedOn} 公示，其中 ${rows} 家（共 ${units} 家）超过公示期限（最早一家应于 ${due} 前公示，${basis}），超期 ${late} 个工作日`,
    open: (end: string, grace: string, over: number) => `抽查期间已于 ${end} 结束，至 ${grace}（宽限期满）仍未公示抽查结果，检查可能尚未完成；已超过 ${over} 个工作日`,
    pending: (grace: string, left: number) => `抽查结果尚未公示，宽限期至 ${grace}，还剩 ${left} 个工作日`,
  },
  verify: {
    archivedChanged: (file: string) => `存档文件 ${file} 与 results-manifest.json 记录的哈希不一致`,
    drawDiffers: (dir: string) => `抽签目录 ${dir} 的 manifest.json 与公示记录的不一致`,
    rebuiltDiffers: (file: string) => `按存档登记表重新生成的公示表与 results-manifest.json 记录的哈希不一致（${file}）`,
    fileDiffers: (file: string) => `${file} 与按存档登记表重新生成的公示表不一致：公示表已被改动`,
    notInLedger: (ledger: string) => `台账 ${ledger} 中没有这次结果公示的记录（按 results-manifest.json 的哈希查找）`,
    entryDiffers: (ledger: string, line: number, field: string, expected: string, found: string) => `台账 ${ledger}:${line} 的 ${field} 为 ${found}，应为 ${expected}`,
    failed: (dir: string, n: number) => `结果公示 ${dir} 核验不通过（${n} 处不一致）：`,
    ok: (dir: string, period: string, ledger: string) => `结果公示 ${dir}（${period} 期）核验一致：公示表可由存档登记表重新生成，台账 ${ledger} 中的记录与抽签记录衔接。`,
  },
};
