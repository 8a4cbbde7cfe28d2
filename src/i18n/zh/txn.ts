/**
 * Messages of the record transaction (src/io/transaction.ts) and of what draw and verify say about
 * archived inputs and manifest coverage. Every failure says where, what state the record is in, and
 * the one thing to do.
 */
export const txn = {
  optAllowEmpty: '允许本次抽取没有任何单位入选（仅用于计划确实需要空期次的情形；记入 manifest.json）',
  optInputs: '核验使用的输入文件：archived（默认，抽取目录中存档的原件）或 current（本单位当前的文件）',
  archivedInputs: (dir: string) => `输入文件的原件已存档在 ${dir}（gzip 压缩，解压后与原文件逐字节相同）`,
  notCanonical: (line: number, seq: number) =>
    `第 ${line} 行（第 ${seq} 条）不是规范写法（键的顺序、空白或转义与 docs/algorithm.md 规定的规范形式不同，或有多余的键）：该行被改写过`,
  duplicatePeriod: (line: number, seq: number, period: string, firstSeq: number) =>
    `第 ${line} 行（第 ${seq} 条）再次记录了 ${period} 期次（第 ${firstSeq} 条已记录），却没有标明 redraw: true：同一期次不得未经重新抽取程序重复抽取`,
  alreadyCompleted: (seq: number, outDir: string) =>
    `该次抽取在中断前已记入台账（第 ${seq} 条），现已完成，无需重新抽取。复核：shuangsui verify ${outDir}`,
  recoveredForward: (ledger: string, seq: number, outDir: string) =>
    `已完成上次被中断的提交：台账 ${ledger} 第 ${seq} 条记录已落盘，其输出文件已从暂存目录移入 ${outDir}。`,
  recoveredDiscard: (outDir: string) => `已撤销上次未完成的提交（未记入台账）：已清除 ${outDir} 中的暂存文件。`,
  tornSetAside: (ledger: string, line: number, aside: string) =>
    `抽查台账 ${ledger} 第 ${line} 行写入不完整（没有换行符结尾，不属于任何已完成的记录），已原样移至 ${aside} 保存，台账恢复为此前的完整记录。`,
  lockTakenOver: (lock: string, pid: number, since: string) => `已接管遗留的锁文件 ${lock}：创建它的进程 ${pid}（本机，${since}）已经结束。`,
  outNotEmpty: (dir: string, entries: string[]) =>
    `输出目录 ${dir} 不是空目录（其中已有：${entries.slice(0, 5).join('、')}${entries.length > 5 ? ' 等' : ''}），未进行抽取，未写入任何文件，也未记入台账。` +
    `每次抽取使用一个新的（或空的）输出目录，例如 draws/2026H1；确需写入该目录请加 --force（同名文件将被替换）。`,
  outBusy: (dir: string, pid: number, host: string, ledger: string) =>
    `另一次提交（计算机 ${host} 上的进程 ${pid}，台账 ${ledger}）正在写入输出目录 ${dir}，本次未进行，未写入任何文件。请换一个输出目录，或待对方完成后再试。`,
  inProgress: (dir: string, pid: number, host: string) =>
    `${dir} 中的提交尚未完成（计算机 ${host} 上的进程 ${pid} 正在写入），请待其完成后再运行。`,
  claimUnreadable: (claim: string) =>
    `输出目录中的标记文件 ${claim} 无法读取。如确认没有抽取正在进行，请删除该文件后重新运行：rm ${claim}`,
  stateNothing: '本次未写入任何文件，也未记入台账。',
  stateCommitted: (ledger: string, seq: number, staging: string) =>
    `本次抽取已记入台账 ${ledger} 第 ${seq} 条，输出文件已完整保存在暂存目录 ${staging} 中。`,
  todoRetry: '处理后重新运行同一命令即可。',
  todoFinish: (outDir: string) => `处理后运行 shuangsui verify ${outDir}，将自动把输出文件移入该目录并完成核验。`,
  whyNoSpace: '磁盘空间不足（请清理磁盘空间）',
  whyNoPermission: '没有写入权限（请为该文件夹开通写入权限，或换一个可写的位置）',
  whyReadOnly: '所在磁盘为只读（请换一个可写的位置）',
  whyIo: '磁盘读写出错（请检查磁盘）',
  whyOther: (code: string) => `系统错误 ${code}`,
  cannotWrite: (file: string, why: string) => `无法写入 ${file}：${why}。`,
  unrecoverable: (ledger: string, seq: number, missing: string, outDir: string) =>
    `台账 ${ledger} 第 ${seq} 条记录对应的文件 ${missing} 既不在暂存目录中，也不在 ${outDir} 中，无法自动恢复。请从备份中找回该文件后运行 shuangsui verify ${outDir}。`,
  inputChangedDuringDraw: (file: string) => `输入文件 ${file} 在抽取过程中被改动，本次未写入任何文件，也未记入台账。请重新运行。`,
  emptyDraw: (employers: string) =>
    `本次抽取没有任何单位入选（名录 ${employers} 没有数据行，或各任务均没有符合条件的单位），未写入任何文件，也未记入台账，本期次没有被占用。` +
    `请检查名录文件和计划；计划确实需要一个空期次的，请加 --allow-empty（将记入 manifest.json）。`,
  stagingIsNotOutput: (dir: string) => `${dir} 是一次未完成提交的暂存目录，不是抽取输出，不能核验；请核验它所在的输出目录。`,
  // verify: inputs
  usingArchive: (dir: string) => `使用抽取目录中存档的输入文件（${dir}）重新抽取；与本单位当前的文件比较请加 --inputs current。`,
  referencedNotArchived: '注意：该抽取由早期版本生成，输入文件只按路径和哈希引用，没有存档在抽取目录中；使用 manifest.json 所记录位置的文件。',
  usingCurrent: '--inputs current：使用 manifest.json 所记录位置的本单位当前文件重新抽取。',
  currentChanged: (n: number) => `本单位当前的输入文件中有 ${n} 个与抽取时不同（抽取目录中存档的是抽取时的原件）：`,
  currentChangedOne: (key: string, file: string, recorded: string, found: string) =>
    `${key}：${file} 已改动（抽取时 SHA-256 ${recorded.slice(0, 12)}…，现在 ${found.slice(0, 12)}…）`,
  currentMissing: (key: string, file: string) => `${key}：${file} 不存在`,
  archiveBad: (key: string, file: string) => `存档的输入文件（${key}）${file} 缺失、损坏或被改动：解压后的 SHA-256 与 manifest.json 的记录不符`,
  badInputsOption: (v: string) => `--inputs 的取值“${v}”无效（可用：archived、current）`,
  noArchive: '该抽取没有存档的输入文件，--inputs archived 不可用',
  // verify: manifest coverage
  unknownKey: (key: string) => `manifest.json 中有本工具不认识的键 ${key}（抽取时不会写出它：清单被改动过）`,
  fieldInvalid: (key: string, why: string) => `manifest.json 的 ${key} ${why}`,
  reasonWithoutRedraw: '与 redraw 不符（未重新抽取时应为 null，重新抽取时须写明理由）',
  fieldsUnchecked: (fields: string[], why: string) => `未能核对 manifest.json 的 ${fields.join('、')}：${why}。`,
  noLedgerNamed: '清单没有记录台账位置（早期版本），可用 --ledger 指定台账',
  ledgerUnreachable: (file: string) => `找不到清单所记录的台账 ${file}，可用 --ledger 指定`,
  ledgerBrokenHere: (file: string) => `台账 ${file} 的哈希链已断裂`,
  checkedAgainstLedger: (file: string, seq: number) => `manifest.json 与台账 ${file} 第 ${seq} 条记录一致（清单的每个字段都由台账中的哈希覆盖）。`,
};
