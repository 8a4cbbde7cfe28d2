/**
 * Messages about damaged or hostile input files: CSV syntax and shape, encodings, Excel damage,
 * YAML syntax and limits. docs/input.md explains each one; keep the two in step.
 */
const filterColumns: Record<string, string> = { type: '单位类型', industry: '行业', region: '所属区域' };
const delimiterNames: Record<string, string> = { ',': '逗号', '\t': '制表符', ';': '分号' };

export const input = {
  delimiterName: (d: string) => delimiterNames[d] ?? d,
  // ---- CSV syntax
  quoteNotClosed: (col: number, start: string) =>
    `第 ${col} 个单元格以英文双引号开头（“${start}”），但直到文件末尾都没有结束的双引号；请补上结束的双引号，或用 Excel/WPS 重新另存为 CSV`,
  strayQuote: (col: number, start: string) =>
    `第 ${col} 个单元格（“${start}”）中间出现了英文双引号（"）；含双引号的单元格须整格用双引号括起，格内的双引号写两次（用 Excel/WPS 另存为 CSV 会自动处理）`,
  textAfterQuote: (col: number, start: string) =>
    `第 ${col} 个单元格（“${start}”）在结束的双引号后还有字符；格内的双引号须写两次`,
  // ---- row shape and cells
  tooManyFields: (got: number, want: number) =>
    `本行有 ${got} 个单元格，表头只有 ${want} 列；多出的单元格通常是单元格内未加引号的分隔符造成的，请检查本行或用 Excel/WPS 重新另存为 CSV（加 --lenient 可跳过此行）`,
  tooFewFields: (got: number, want: number) =>
    `本行只有 ${got} 个单元格，表头有 ${want} 列；本行可能被截断或被换行拆成了两行，请检查（加 --lenient 可跳过此行）`,
  controlChar: (code: string) =>
    `单元格含有控制字符 ${code}（不可见，通常来自复制粘贴或损坏的导出）；请删除后重新保存`,
  // ---- Excel damage
  excelExponent: (raw: string) =>
    `“${raw}”疑似被 Excel 转为科学计数法，原值的末几位已丢失：请把该列设为“文本”后从原始数据重新导出`,
  excelDecimal: (raw: string) => `“${raw}”疑似被 Excel 当作数字保存（末尾多了“.0”）：请把该列设为“文本”后重新导出`,
  excelApostrophe: (raw: string) => `“${raw}”以英文单引号开头（Excel 中输入文本的标记，显示时隐藏）`,
  apostropheStripped: (file: string, line: number, column: string, value: string) =>
    `警告：${file}:${line} 列“${column}”的值“${value}”开头的英文单引号（Excel 的文本标记）已去掉，按“${value.slice(1)}”处理和公示`,
  certNoPattern: (pattern: string) =>
    `执法证号不符合规定格式（${pattern}）；各省格式不同，可在抽查计划中用 cert_no_pattern 设置，见 docs/input.md`,
  defaultCertNoPattern: '只能由数字和字母组成',
  badCertNoPattern: (pattern: string, why: string) => `cert_no_pattern “${pattern}” 不是有效的正则表达式：${why}`,
  certNoPatternNotText: '应为非空的文本（用引号括起的正则表达式）',
  // ---- encodings
  notUtf8At: (line: number, byte: number, hex: string) =>
    `第 ${line} 行第 ${byte} 个字节（${hex}）不是有效的 UTF-8；文件其余部分是 UTF-8，这一行可能是从 GBK（ANSI）文件粘贴过来的。请用 Excel/WPS 或记事本把整个文件另存为“UTF-8”后重试`,
  bomThenGbk: (line: number, byte: number, hex: string) =>
    `文件开头有 UTF-8 的 BOM 标记，但第 ${line} 行第 ${byte} 个字节（${hex}）不是有效的 UTF-8（像是 GBK 编码）；请把整个文件另存为“UTF-8”，或去掉 BOM 后加 --encoding gbk`,
  notUtf8Forced: (line: number, byte: number, hex: string) =>
    `第 ${line} 行第 ${byte} 个字节（${hex}）不是有效的 UTF-8（指定了 --encoding utf8）；如文件是 GBK（ANSI），请改用 --encoding gbk`,
  notGbkAt: (line: number, enc: string) =>
    `第 ${line} 行有按 ${enc} 无法解码的字节；文件可能混用了多种编码，请用 Excel/WPS 把整个文件另存为“UTF-8”后重试`,
  notUtf16At: (line: number) => `第 ${line} 行有无法按 UTF-16 解码的字节；文件可能已损坏，请重新导出`,
  unencodableOut: (value: string, enc: string) =>
    `值“${value}”含有 ${enc} 无法表示的字符，写出会丢失数据；请改用 --out-encoding utf8 或 --out-encoding gb18030`,
  // ---- table format
  readAs: (encoding: string, delimiter: string) => `（按 ${encoding} 编码、${delimiter}分隔读取）`,
  notATable: (encoding: string, delimiter: string, columns: number) =>
    `文件按 ${encoding} 编码、${delimiter}分隔读取后表头只有 ${columns} 列，看起来不是 CSV 表格；请在 Excel/WPS 中另存为“CSV（逗号分隔）”或“Unicode 文本”`,
  quotedNumber: (v: string) => `“${v}”加了引号，在 YAML 中是文本而不是数字；请去掉引号`,
  numberRange: (min: number, max: number) => `应为 ${min} 到 ${max} 之间的整数`,
  // ---- YAML
  yamlAt: (line: number, col: number) => `第 ${line} 行第 ${col} 列：`,
  yamlHintSep: '。可能的原因：',
  yamlHintTab: '行首用了制表符（Tab）缩进；YAML 只能用空格缩进',
  yamlHintFullColon: '用了中文全角冒号“：”；YAML 的键后须用英文冒号“:”加一个空格',
  yamlHintFullComma: '用了中文全角逗号“，”；[甲, 乙] 这样的列表须用英文逗号“,”分隔',
  yamlHintColonSpace: '英文冒号“:”后面缺少空格；应写成“键: 值”',
  yamlAliasBomb: (n: number) => `YAML 文件中的别名（*引用）展开次数超过 ${n} 次，疑似“别名炸弹”，已拒绝读取；请不要在该文件中使用锚点和别名`,
  yamlBadAlias: (why: string) => `YAML 别名（*引用）无效：${why}`,
  yamlTooDeep: (n: number) => `YAML 文件嵌套超过 ${n} 层，已拒绝读取；文件可能已损坏`,
  yamlCodes: {
    BAD_INDENT: '缩进不正确：同一层的键须对齐，下一层须比上一层多缩进',
    TAB_AS_INDENT: '不能用制表符（Tab）缩进，只能用空格',
    DUPLICATE_KEY: '同一层中有重复的键；每个键只能出现一次',
    MULTIPLE_DOCS: '文件中有多个 YAML 文档（出现了单独一行的“---”）；一个文件只能有一个',
    MISSING_CHAR: '缺少字符（如未闭合的引号、方括号或花括号）',
    BLOCK_AS_IMPLICIT_KEY: '这一行的内容被当作了键，但缺少英文冒号“:”和值',
    MULTILINE_IMPLICIT_KEY: '键不能跨行；上一行可能缺少英文冒号“:”或多了缩进',
    UNEXPECTED_TOKEN: '出现了不应在此处的字符',
    BAD_SCALAR_START: '值不能以该字符开头；如值以 @、` 或 % 开头，请用引号括起',
    BLOCK_IN_FLOW: '在 [ ] 或 { } 中不能换行写成块格式',
    BAD_DQ_ESCAPE: '双引号字符串中的反斜杠转义无效；如要写反斜杠本身，请改用单引号',
    KEY_OVER_1024_CHARS: '键太长（超过 1024 个字符）',
    BAD_ALIAS: '别名（*引用）无效',
    ALIAS_PROPS: '别名不能带标签或锚点',
    MULTIPLE_ANCHORS: '一个节点只能有一个锚点（&）',
    MULTIPLE_TAGS: '一个节点只能有一个标签（!）',
    NON_STRING_KEY: '键应为文本',
    BAD_DIRECTIVE: '无效的 % 指令',
    BAD_PROP_ORDER: '锚点和标签的位置不正确',
    TAG_RESOLVE_FAILED: '无法识别的标签（!）',
    BAD_COLLECTION_TYPE: '集合类型与标签不符',
    RESOURCE_EXHAUSTION: '文件过大或过于复杂，已拒绝读取',
    IMPOSSIBLE: 'YAML 解析出错',
  },
  // ---- plan values that match nothing
  unmatchedValue: (key: string, value: string, closest: string[], joined: boolean) =>
    `名录库的“${filterColumns[key] ?? key}”列中没有“${value}”，该条件不会选中任何单位` +
    (joined ? '；看起来是用中文逗号或顿号连成的多个值，列表须写成 [甲, 乙]（英文逗号）' : '') +
    (closest.length ? `；名录库中相近的值：${closest.join('、')}` : '；请核对名录库中的写法') +
    '（如确属本期没有此类单位，加 --allow-unmatched 改为警告）',
  unmatchedWarning: (file: string, line: number | undefined, message: string) => `警告（--allow-unmatched）：${file}${line ? `:${line}` : ''}：${message.replace(/（如确属.*$/, '')}`,
  blankStratum: (file: string, tasks: readonly string[], key: string, n: number) =>
    `警告：${file} 中有 ${n} 家单位的“${filterColumns[key] ?? key}”为空；任务 ${tasks.join('、')} 按该列分层，它们单独成为“（未填写）”一层`,
  allowUnmatchedOpt: '计划中的筛选值在名录库中一个单位都匹配不上时只警告（默认报错退出，因为这通常是笔误）',
  // ---- verify on a re-saved output
  resaved: (changes: string[]) => `内容一致，但${changes.join('、')}被改动（可能被 Excel/WPS 另存）；公示和核验须用原始文件，请从 manifest 所在目录取回原文件，不要另存`,
  bytesOnly: '（逐行比较没有发现不同的单元格，差异只在字节上：文件可能被另存或损坏，请取回原文件）',
  resaveChanges: {
    encoding: '编码',
    bom: 'BOM 标记',
    lineEndings: '换行符',
    finalNewline: '末尾换行',
    quoting: '单元格引号',
  } as Record<string, string>,
  caseColumn: '案号',
  noCalendarRow: (year: number) => `期限落在 ${year} 年，但没有 ${year} 年的工作日历`,
  // ---- limits
  moreProblems: (shown: number, total: number) => `（共 ${total} 处问题，只列出前 ${shown} 处）`,
};
