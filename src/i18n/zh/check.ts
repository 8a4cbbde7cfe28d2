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
    `${what}“${raw}”不是有效日期（可用格式：2026-01-05、2026/1/5、2026.1.5、2026年1月5日）`,
  badN: (raw: string) => `工作日数“${raw}”无效：应为 0 到 3660 之间的整数`,
  badYearArg: (raw: string) => `年份“${raw}”无效：应为四位数字，如 2026`,
  uncovered: (years: number[]) =>
    `没有 ${years.join('、')} 年的工作日历，无法计算工作日（不会按周一至周五推算）。` +
    `请在国务院办公厅公布当年放假安排后，按 rules/calendar/2026.yaml 的格式新建 rules/calendar/${years[0]}.yaml，` +
    `或用 --calendar 文件（compliance.yaml 中为 calendar.files）加载本单位编制的 ${years[0]} 年日历。`,
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
};
