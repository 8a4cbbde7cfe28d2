// Writes the files `shuangsui init` copies into a new office's folder (CSV templates with example rows).
// Run after `npm run build`. The example codes carry computed check characters so they load cleanly.
// The three example inspectors are consistent with the template plan: every plan item has two qualified
// inspectors (what `check roster` asks) and every task can be staffed, so a freshly initialised folder can
// draw, verify and run `check all` before the office replaces the examples (test/e2e/workflow.test.ts).
import { writeFileSync } from 'node:fs';
import { usccCheckChar } from '../dist/core/uscc.js';
import { formatCsv } from '../dist/io/csv.js';

const u = (b) => b + usccCheckChar(b);
const e1 = u('91321099MA1X2Y3W4');
const e2 = u('92321099MA1K8L9M0');
const e3 = u('52321099MJ5N6P7Q8');
const e4 = u('91321099MA2B3C4D5');
const w = (f, h, rows) => writeFileSync(new URL(`../fixtures/templates/${f}`, import.meta.url), formatCsv(h, rows));

w('employers.csv', ['统一社会信用代码', '单位名称', '单位类型', '行业', '所属区域', '职工人数', '投诉举报次数', '经营异常', '严重违法记录', '重点监管', '上次检查日期'], [
  [e1, '示例县某某机械制造有限公司', '企业', '制造业', '城关镇', '230', '1', '否', '否', '是', '2025-10-15'],
  [e2, '示例县某某小吃店', '个体工商户', '住宿和餐饮业', '南塘镇', '6', '0', '否', '否', '否', ''],
  [e3, '示例县某某职业培训学校', '民办非企业单位', '教育', '东城街道', '35', '0', '是', '否', '否', '2024/6/3'],
  [e4, '示例县某某建筑工程有限公司', '企业', '建筑业', '城关镇', '86', '3', '否', '否', '否', ''],
]);
w('inspectors.csv', ['工号', '姓名', '科室', '执法证号', '执法证有效期至', '专业领域', '所属区域', '状态', '回避单位'], [
  ['A001', '张明', '监察一科', '32000000000001', '2028-06-30', '工资支付；劳动合同；社会保险', '城关镇', '在岗', ''],
  ['A002', '李华', '监察二科', '32000000000002', '2027-12-31', '社会保险、劳动合同、农民工工资、工时休假', '南塘镇', '在岗', e2],
  ['A003', '王芳', '综合执法科', '32000000000003', '2029-03-31', '工资支付;农民工工资;劳务派遣;人力资源市场', '东城街道', '在岗', ''],
]);
w('decisions.csv', ['案号', '决定类型', '决定日期', '公示日期', '撤销日期', '撤下日期'], [
  ['示人社监罚〔2026〕1号', '行政处罚', '2026-03-02', '2026-03-06', '', ''],
  ['示人社许〔2026〕2号', '行政许可', '2026-04-10', '', '', ''],
  ['示人社监处〔2026〕3号', '行政处理', '2026-05-12', '2026-06-01', '', ''],
]);
w('cases.csv', ['案号', '立案日期', '延期批准', '调查终结日期'], [
  ['示人社监立〔2026〕1号', '2026-03-02', '否', '2026-04-20'],
  ['示人社监立〔2026〕2号', '2026-05-06', '是', ''],
]);
