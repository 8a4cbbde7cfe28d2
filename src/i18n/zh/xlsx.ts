/** Messages of the .xlsx reader and writer (src/io/xlsx.ts). */
const SAVE_AS = '请用 Excel/WPS 另存为 .xlsx 或 CSV（UTF-8）后再试';

export const xlsx = {
  optSheet: '.xlsx 输入读取的工作表：名称或从 1 开始的序号（默认：第一个有内容的可见工作表）',
  optFormat: '输出格式：csv（默认）、xlsx 或 csv,xlsx',
  initNext: (dir: string) =>
    `下一步：在 ${dir} 中按本单位实际情况编辑 plan.yaml，把名录库填入 employers.xlsx、inspectors.xlsx（先看各文件的“填写说明”工作表），然后运行 shuangsui draw。`,
  badFormat: (v: string) => `不支持的输出格式 ${v}（可用：csv、xlsx、csv,xlsx）`,
  saveAs: SAVE_AS,
  legacy: (file: string) => `${file} 是旧版 Excel .xls 或 WPS .et 文件，本工具不读取这种格式。${SAVE_AS}`,
  encrypted: (file: string) => `${file} 是加密（设了打开密码）的 .xlsx 文件，无法读取。请在 Excel/WPS 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存，或另存为 CSV（UTF-8）`,
  unreadable: (file: string, why: string) => `无法读取 .xlsx 文件 ${file}（${why}）。${SAVE_AS}`,
  noSheet: (file: string) => `${file} 中没有任何有内容的工作表`,
  sheetNotFound: (file: string, sheet: string, names: string[]) =>
    `${file} 中没有工作表“${sheet}”（--sheet 可用名称或从 1 开始的序号；本文件的工作表：${names.map((n) => `“${n}”`).join('、') || '无'}）`,
  sheetEmpty: (file: string, sheet: string) => `${file} 的工作表“${sheet}”是空的，没有表头`,
  headerAt: (file: string, sheet: string, row: number, skipped: string) =>
    `${file} 工作表“${sheet}”：第 ${row} 行作为表头；其上的 ${skipped} 已跳过（标题行）`,
  skippedRow: (row: number, text: string) => `第 ${row} 行“${text}”`,
  usedSheet: (file: string, sheet: string, others: number) => `${file}：读取工作表“${sheet}”（另有 ${others} 个工作表未读取；可用 --sheet 指定）`,
  damagedNumber: (shown: string) =>
    `代码被 Excel 存成了数字（显示为 ${shown}），超过 15 位有效数字的数字无法精确保存，后几位已经丢失。请把这一列设为“文本”格式后按原始材料重新录入（或在代码前加英文单引号 '），不能直接改回格式了事`,
  formulaCached: (formula: string, value: string) =>
    `公式（=${formula}），使用 Excel 上次保存时计算的结果“${value}”；公式不会被执行`,
  formulaNoValue: (formula: string) =>
    `单元格是公式（=${formula}）但文件里没有保存计算结果（文件不是由 Excel/WPS 保存的）。请在 Excel/WPS 中打开后保存一次，或把公式换成值（复制 → 选择性粘贴 → 数值）`,
  errorCell: (code: string) => `单元格显示错误值 ${code}，不是数据。请在 Excel/WPS 中改正这个单元格`,
  invalidDate: (iso: string) => `日期单元格的值是 ${iso}，这个日期不存在（Excel 把 1900 年当作闰年的历史遗留）。请改为正确的日期`,
  notesSheet: '填写说明',
  notesHeader: ['列名', '说明'],
  verifiedByContent: (name: string, csv: string) => `${name}：与规范记录 ${csv} 逐格一致（.xlsx 按内容核对，不比较字节）`,
  contentDiffers: (csv: string) => `内容与规范记录 ${csv} 不一致`,
  tooManyRows: (sheet: string, rows: number, max: number) =>
    `.xlsx 工作表“${sheet}”要写 ${rows} 行，超过 Excel 工作表的上限 ${max} 行，无法写成 .xlsx，未写入任何文件。请改用 CSV 输出（--format csv）`,
  cellDiffers: (cell: string, expected: string, found: string) => `  ${cell}：应为“${expected}”，实为“${found}”`,
};
