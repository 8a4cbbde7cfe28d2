import seedrandom from 'seedrandom';
import { DECISION_SPEC, EMPLOYER_SPEC, INSPECTOR_SPEC, type DecisionKind, type UnitType } from '../core/records.js';
import { usccCheckChar } from '../core/uscc.js';

/**
 * Synthetic data for the fictional county 清河县: the demo fixtures (fixed seed, committed)
 * and the benchmark directories (100,000 and 1,000,000 employers, streamed).
 * Pure: no files, no clock. Every random choice comes from a seeded generator, so the same
 * seed gives the same rows on every machine.
 */

/** The county's 行政区划代码. Deliberately not a real code: 3299xx is no prefecture. */
export const COUNTY_CODE = '329901';
export const COUNTY = '清河县';
/** The date the demo data is "as of": certificates, deadlines and open cases are judged on it. */
export const DEMO_AS_OF = '2026-11-21';
/**
 * The seed scripts/gen-fixtures.js generates fixtures/ from (the county's firms, roster, decisions and
 * cases); not the seed of a draw (verify --demo draws with DEMO_SEED in commands/verify.ts).
 */
export const FIXTURES_SEED = 'qinghe-demo-2026';

export const SPECIALTIES = [
  '工资支付',
  '劳动合同',
  '工时休假',
  '社会保险',
  '女职工和未成年工保护',
  '劳务派遣',
  '人力资源市场',
  '农民工工资',
] as const;

export const REGIONS = ['城关镇', '东城街道', '西城街道', '南塘镇', '北山镇', '柳河镇', '石桥镇', '杨庄乡', '龙泉镇', '新集镇'] as const;

/** Twelve regions for benchmark directories that stratify by region into 12 strata. */
export const BENCH_REGIONS = [...REGIONS, '经济开发区', '高新区'] as const;

export const INDUSTRIES = [
  '制造业',
  '建筑业',
  '批发和零售业',
  '住宿和餐饮业',
  '交通运输仓储和邮政业',
  '信息技术服务业',
  '居民服务业',
  '租赁和商务服务业',
  '教育',
  '卫生和社会工作',
  '房地产业',
  '农林牧渔业',
] as const;
type Industry = (typeof INDUSTRIES)[number];

export const UNITS = ['监察一科', '监察二科', '监察三科', '综合执法科'] as const;

export const EMPLOYER_HEADER: readonly string[] = [...EMPLOYER_SPEC.columns.map((c) => c.zh), '联系电话'];
export const INSPECTOR_HEADER: readonly string[] = [...INSPECTOR_SPEC.columns.map((c) => c.zh), '联系电话'];
// the optional 罚款金额 column is left out: the demo office keeps no fines, and its annual report says 未提供
export const DECISION_HEADER: readonly string[] = DECISION_SPEC.columns.filter((c) => c.key !== 'fine').map((c) => c.zh);
export const CASE_HEADER: readonly string[] = ['案号', '立案日期', '延期批准', '调查终结日期'];

type Rng = () => number;

function rngFor(seed: string, stream: string): Rng {
  // alea: ~5x cheaper per generator than ARC4, which matters when streaming a million rows
  return seedrandom.alea(`${seed}/${stream}`);
}

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

function weighted<T>(rng: Rng, table: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of table) total += w;
  let u = rng() * total;
  for (const [v, w] of table) {
    u -= w;
    if (u < 0) return v;
  }
  return table[table.length - 1]![0];
}

function normal(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

// ---------------------------------------------------------------------------------------------
// Employers

export interface SynthEmployer {
  uscc: string;
  name: string;
  type: UnitType;
  industry: string;
  region: string;
  employees: number | null;
  complaints: number;
  abnormal: boolean;
  serious: boolean;
  key: boolean;
  lastInspected: string | null;
  phone: string;
}

/**
 * GB 32100 prefix per unit type: registration authority (9 工商, 5 民政, 1 机构编制) and category.
 */
const USCC_PREFIX: Record<UnitType, string> = {
  企业: '91',
  个体工商户: '92',
  民办非企业单位: '52',
  社会团体: '51',
  机关: '11',
  事业单位: '12',
};

const TYPE_MIX: readonly (readonly [UnitType, number])[] = [
  ['企业', 55],
  ['个体工商户', 38],
  ['民办非企业单位', 3],
  ['事业单位', 2],
  ['机关', 1],
  ['社会团体', 1],
];

/** Towns differ in size: the county seat and the two 街道 hold most businesses. */
const REGION_WEIGHTS = [22, 14, 13, 9, 7, 8, 7, 5, 8, 7];

const ENTERPRISE_INDUSTRY: readonly (readonly [Industry, number])[] = [
  ['制造业', 22],
  ['建筑业', 12],
  ['批发和零售业', 18],
  ['住宿和餐饮业', 6],
  ['交通运输仓储和邮政业', 7],
  ['信息技术服务业', 5],
  ['居民服务业', 5],
  ['租赁和商务服务业', 8],
  ['教育', 2],
  ['卫生和社会工作', 2],
  ['房地产业', 5],
  ['农林牧渔业', 8],
];

const SOLE_INDUSTRY: readonly (readonly [Industry, number])[] = [
  ['批发和零售业', 38],
  ['住宿和餐饮业', 28],
  ['居民服务业', 17],
  ['制造业', 5],
  ['交通运输仓储和邮政业', 4],
  ['建筑业', 3],
  ['信息技术服务业', 2],
  ['农林牧渔业', 2],
  ['租赁和商务服务业', 1],
];

const TRADE_1 = '华鑫恒宏永泰金瑞丰盛兴隆顺德安康中新天东万富荣汇联信和正嘉远佳锦博创美通长明星海';
const TRADE_2 = '源达远盛兴泰发昌利通誉辉成基宇鼎诚丰祥业邦豪润晟航';

const BUSINESS_WORDS: Record<Industry, readonly string[]> = {
  制造业: ['机械制造', '纺织', '服装', '食品', '电子', '塑料制品', '五金制品', '家具', '建材', '包装材料', '化工', '汽车配件'],
  建筑业: ['建筑工程', '建设工程', '建筑安装工程', '市政工程', '装饰工程', '建筑劳务'],
  批发和零售业: ['商贸', '贸易', '商业', '农资', '医药连锁', '超市'],
  住宿和餐饮业: ['餐饮管理', '酒店管理', '宾馆', '餐饮服务'],
  交通运输仓储和邮政业: ['物流', '运输', '快递', '仓储', '客运'],
  信息技术服务业: ['信息技术', '网络科技', '软件', '电子商务'],
  居民服务业: ['家政服务', '物业管理', '保洁服务', '洗涤服务'],
  租赁和商务服务业: ['人力资源', '劳务派遣', '企业管理咨询', '广告', '保安服务', '设备租赁'],
  教育: ['教育咨询', '文化培训'],
  卫生和社会工作: ['医疗管理', '健康管理', '养老服务'],
  房地产业: ['房地产开发', '置业', '房产经纪'],
  农林牧渔业: ['农业开发', '养殖', '种植', '林业', '农牧'],
};

const SHOP_WORDS: Record<Industry, readonly string[]> = {
  制造业: ['豆腐坊', '面粉加工坊', '木器加工厂', '预制板厂'],
  建筑业: ['装修队', '水电安装部'],
  批发和零售业: ['便利店', '日杂店', '五金店', '烟酒店', '水果店', '服装店', '农资店', '超市'],
  住宿和餐饮业: ['面馆', '饭店', '小吃店', '烧烤店', '早餐店', '旅馆', '家常菜馆'],
  交通运输仓储和邮政业: ['货运部', '搬家服务部'],
  信息技术服务业: ['电脑维修部', '手机维修店'],
  居民服务业: ['理发店', '洗车店', '家电维修部', '修车铺', '洗衣店', '美容美发店'],
  租赁和商务服务业: ['图文广告部', '婚庆礼仪服务部'],
  教育: ['书画培训部'],
  卫生和社会工作: ['诊所'],
  房地产业: ['房屋中介'],
  农林牧渔业: ['养殖场', '种植园', '家庭农场'],
};

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红梅玉兰文斌海燕春雪晨浩宇欣怡';
const SHOP_OWNER = ['老{s}', '{s}记', '小{s}', '{s}家', '{s}师傅', '阿{g}', '{g}{g2}'];

const DEPARTMENTS = ['发展和改革局', '教育局', '财政局', '自然资源局', '住房和城乡建设局', '交通运输局', '农业农村局', '水利局', '商务局', '文化和旅游局', '卫生健康局', '应急管理局', '市场监督管理局', '统计局', '医疗保障局'];

const suffixCompany: readonly (readonly [string, number])[] = [
  ['有限公司', 80],
  ['有限责任公司', 12],
  ['股份有限公司', 3],
  ['厂', 5],
];

function tradeName(rng: Rng): string {
  return pick(rng, [...TRADE_1]) + pick(rng, [...TRADE_2]);
}

function personName(rng: Rng): string {
  const s = pick(rng, [...SURNAMES]);
  return rng() < 0.55 ? s + pick(rng, [...GIVEN]) + pick(rng, [...GIVEN]) : s + pick(rng, [...GIVEN]);
}

function employerName(rng: Rng, type: UnitType, industry: Industry | null, region: string): string {
  switch (type) {
    case '企业': {
      const ind = industry ?? '制造业';
      const suffix = weighted(rng, suffixCompany);
      const place = suffix === '厂' ? COUNTY + region : rng() < 0.8 ? COUNTY : '清河';
      return place + tradeName(rng) + pick(rng, BUSINESS_WORDS[ind]) + suffix;
    }
    case '个体工商户': {
      const ind = industry ?? '批发和零售业';
      const owner = pick(rng, SHOP_OWNER)
        .replace('{s}', pick(rng, [...SURNAMES]))
        .replace('{g}', pick(rng, [...GIVEN]))
        .replace('{g2}', pick(rng, [...GIVEN]));
      return region + owner + pick(rng, SHOP_WORDS[ind]);
    }
    case '民办非企业单位': {
      if (industry === '教育') return COUNTY + tradeName(rng) + pick(rng, ['幼儿园', '职业培训学校', '艺术培训学校']);
      if (industry === '卫生和社会工作') return COUNTY + region + pick(rng, ['养老院', '颐养中心', '康复中心']);
      return COUNTY + region + pick(rng, ['社会工作服务中心', '志愿服务中心']);
    }
    case '事业单位': {
      if (industry === '教育') return COUNTY + region + pick(rng, ['中心小学', '初级中学', '中心幼儿园']);
      if (industry === '卫生和社会工作') return COUNTY + region + pick(rng, ['卫生院', '敬老院']);
      return COUNTY + region + pick(rng, ['农业技术推广站', '水利站', '文化站']);
    }
    case '机关':
      return rng() < 0.6 ? COUNTY + pick(rng, DEPARTMENTS) : COUNTY + region + '人民政府';
    case '社会团体':
      return COUNTY + pick(rng, ['个体劳动者协会', '建筑业协会', '餐饮行业协会', '物流协会', '工商业联合会', region + '商会']);
  }
}

function industryFor(rng: Rng, type: UnitType): Industry | null {
  switch (type) {
    case '企业':
      return weighted(rng, ENTERPRISE_INDUSTRY);
    case '个体工商户':
      return weighted(rng, SOLE_INDUSTRY);
    case '民办非企业单位':
      return weighted(rng, [['教育', 5], ['卫生和社会工作', 3], ['居民服务业', 2]] as const);
    case '事业单位':
      return weighted(rng, [['教育', 5], ['卫生和社会工作', 3], ['农林牧渔业', 2]] as const);
    case '机关':
      return null; // 公共管理 is not one of the office's industries
    case '社会团体':
      return '租赁和商务服务业';
  }
}

function employeesFor(rng: Rng, type: UnitType, industry: Industry | null): number {
  const logNormal = (median: number, sigma: number, max: number) =>
    Math.max(1, Math.min(max, Math.round(median * Math.exp(sigma * normal(rng)))));
  switch (type) {
    case '企业':
      if (industry === '建筑业') return logNormal(45, 1.1, 3000);
      if (industry === '制造业') return logNormal(25, 1.2, 5000);
      return logNormal(10, 1.1, 2000);
    case '个体工商户':
      return logNormal(2, 0.6, 20);
    case '民办非企业单位':
      return logNormal(15, 0.6, 120);
    case '事业单位':
      return logNormal(40, 0.9, 800);
    case '机关':
      return logNormal(35, 0.6, 200);
    case '社会团体':
      return logNormal(4, 0.5, 20);
  }
}

/**
 * Org codes must not repeat: an affine permutation of the row number modulo 10^8 is a bijection
 * (the multiplier is coprime with 10), so row i and row j ≠ i never share a body, without a Set.
 */
const ORG_MULT = 73_939_133;
const ORG_OFFSET = 12_345_679;

/** GB 11714 organisation code: 8 digits and a check character (weights 3,7,9,10,5,8,4,2 mod 11). */
function orgCode(i: number): string {
  const body = String((i * ORG_MULT + ORG_OFFSET) % 100_000_000).padStart(8, '0');
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let k = 0; k < 8; k++) s += Number(body[k]) * w[k]!;
  const c = 11 - (s % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/** A valid, unique 统一社会信用代码 for row i of the directory. */
export function usccFor(type: UnitType, i: number): string {
  const first17 = USCC_PREFIX[type] + COUNTY_CODE + orgCode(i);
  return first17 + usccCheckChar(first17);
}

function isoFromDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
function dayOf(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
}

function phoneFor(rng: Rng, type: UnitType): string {
  if (rng() < 0.08) return '';
  if (type === '机关' || type === '事业单位' || (type === '企业' && rng() < 0.4)) {
    return `0539-${int(rng, 2, 8)}${String(int(rng, 0, 999_999)).padStart(6, '0')}`;
  }
  return `1${pick(rng, ['3', '5', '7', '8', '9'])}${int(rng, 0, 9)}${String(int(rng, 0, 99_999_999)).padStart(8, '0')}`;
}

export interface EmployerOptions {
  seed: string;
  count: number;
  /** the towns to spread employers over (default: the county's 10) */
  regions?: readonly string[];
  /** leave a few optional cells empty, as real exports do (default true) */
  blanks?: boolean;
}

/**
 * Streams employers one at a time: the benchmark writes a million of them without holding
 * the directory in memory.
 */
export function* generateEmployers(opts: EmployerOptions): Generator<SynthEmployer> {
  const rng = rngFor(opts.seed, 'employers');
  const regions = opts.regions ?? REGIONS;
  const regionWeights = regions.map((r, i) => [r, REGION_WEIGHTS[i] ?? 6] as const);
  const lastStart = dayOf('2024-01-02');
  const lastEnd = dayOf('2026-06-30');
  for (let i = 0; i < opts.count; i++) {
    const type = weighted(rng, TYPE_MIX);
    const industry = industryFor(rng, type);
    const region = weighted(rng, regionWeights);
    const employees = employeesFor(rng, type, industry);
    const business = type === '企业' || type === '个体工商户';
    const abnormal = business && rng() < 0.053;
    const serious = business && rng() < (employees >= 50 ? 0.03 : 0.008);
    // Complaints follow size: most employers never see one, a few see many.
    const complaintRate = employees >= 100 ? 0.35 : employees >= 20 ? 0.18 : 0.07;
    let complaints = 0;
    if (rng() < complaintRate) complaints = 1 + Math.floor(-Math.log(1 - rng()) * (employees >= 100 ? 3 : 1.2));
    // 重点监管: large employers, construction sites with many workers, serious violators, and some named by the office.
    const key =
      employees >= 300 || (industry === '建筑业' && employees >= 100) || serious || rng() < 0.045;
    const lastInspected = rng() < 0.3 ? isoFromDay(int(rng, lastStart, lastEnd)) : null;
    const name = employerName(rng, type, industry, region);
    const phone = phoneFor(rng, type);
    // A few blanks, as real exports have.
    const draw = rng();
    const blank = opts.blanks === false ? 0.5 : draw;
    yield {
      uscc: usccFor(type, i),
      name,
      type,
      industry: blank < 0.003 ? '' : (industry ?? ''),
      region: blank > 0.9993 ? '' : region,
      employees: blank > 0.003 && blank < 0.008 ? null : employees,
      complaints,
      abnormal,
      serious,
      key,
      lastInspected,
      phone,
    };
  }
}

const yn = (b: boolean) => (b ? '是' : '否');

/** A row in EMPLOYER_HEADER order. */
export function employerRow(e: SynthEmployer): string[] {
  return [
    e.uscc,
    e.name,
    e.type,
    e.industry,
    e.region,
    e.employees === null ? '' : String(e.employees),
    String(e.complaints),
    yn(e.abnormal),
    yn(e.serious),
    yn(e.key),
    e.lastInspected ?? '',
    e.phone,
  ];
}

// ---------------------------------------------------------------------------------------------
// Inspectors

export interface SynthInspector {
  id: string;
  name: string;
  unit: string;
  certNo: string;
  certExpiry: string;
  specialties: string[];
  region: string;
  status: string;
  recusals: string[];
  phone: string;
}

export interface InspectorOptions {
  seed: string;
  count: number;
  /** employers an inspector may have to recuse from (e.g. the directory's 重点监管 units) */
  recusalPool: readonly string[];
  regions?: readonly string[];
  asOf?: string;
}

/**
 * The roster. Fixed shape whatever the seed: the first two certificates have expired before
 * the as-of date, the next three expire within 60 days after it, two inspectors are not 在岗,
 * 3-4 have recusals, and every specialty has at least four qualified (在岗, valid) inspectors.
 */
export function generateInspectors(opts: InspectorOptions): SynthInspector[] {
  const rng = rngFor(opts.seed, 'inspectors');
  const regions = opts.regions ?? REGIONS;
  const asOf = dayOf(opts.asOf ?? DEMO_AS_OF);
  const width = Math.max(3, String(opts.count).length);
  const certBase = int(rng, 100_000, 400_000);
  const names = new Set<string>();
  const out: SynthInspector[] = [];
  for (let i = 0; i < opts.count; i++) {
    let name = personName(rng);
    while (names.has(name) && names.size < 2000) name = personName(rng);
    names.add(name);
    let expiry: number;
    if (i < 2) expiry = asOf - int(rng, 20, 200);
    else if (i < 5) expiry = asOf + int(rng, 10, 59);
    else expiry = dayOf(`${int(rng, 2027, 2029)}-${String(int(rng, 1, 12)).padStart(2, '0')}-01`) + int(rng, 0, 27);
    const nSpec = int(rng, 1, 3);
    const specialties = new Set<string>();
    while (specialties.size < nSpec) specialties.add(pick(rng, SPECIALTIES));
    out.push({
      id: `QH${String(i + 1).padStart(width, '0')}`,
      name,
      unit: UNITS[i % UNITS.length]!,
      certNo: `${COUNTY_CODE}${String(certBase + i * 37 + int(rng, 0, 36)).padStart(7, '0')}`,
      certExpiry: isoFromDay(expiry),
      specialties: [...specialties],
      region: pick(rng, regions),
      // 5 and 6 are the two not in post: their certificates are valid, so the reason they are
      // not drawn is their status alone.
      status: i === 5 ? '休假' : i === 6 ? '借调' : '在岗',
      recusals: [],
      phone: `1${pick(rng, ['3', '5', '8'])}${int(rng, 0, 9)}${String(int(rng, 0, 99_999_999)).padStart(8, '0')}`,
    });
  }
  const qualified = (x: SynthInspector) => x.status === '在岗' && dayOf(x.certExpiry) >= asOf;
  // Repair pass: top up any specialty with fewer than four qualified inspectors.
  for (const s of SPECIALTIES) {
    let have = out.filter((x) => qualified(x) && x.specialties.includes(s)).length;
    for (const x of out) {
      if (have >= 4) break;
      if (qualified(x) && !x.specialties.includes(s) && x.specialties.length < 3) {
        x.specialties.push(s);
        have++;
      }
    }
  }
  for (const x of out) x.specialties.sort((a, b) => SPECIALTIES.indexOf(a as never) - SPECIALTIES.indexOf(b as never));
  // Recusals: 4 inspectors (one with a certificate about to expire) with 1-2 employers each.
  if (opts.recusalPool.length) {
    const who = [3, 8, 13, 21].filter((i) => i < out.length);
    for (const i of who) {
      const n = int(rng, 1, 2);
      const set = new Set<string>();
      while (set.size < Math.min(n, opts.recusalPool.length)) set.add(pick(rng, opts.recusalPool));
      out[i]!.recusals = [...set];
    }
  }
  return out;
}

export function inspectorRow(x: SynthInspector): string[] {
  return [x.id, x.name, x.unit, x.certNo, x.certExpiry, x.specialties.join('；'), x.region, x.status, x.recusals.join(';'), x.phone];
}

// ---------------------------------------------------------------------------------------------
// A small working-day calendar, only for placing demo dates on the right side of deadlines.
// The real calendar lives in the check command's core; this copy covers 2024-2026 only and
// refuses anything else rather than guess.

const OFF = new Set<string>();
const MAKEUP = new Set<string>();
function span(year: number, from: string, to: string): void {
  for (let d = dayOf(`${year}-${from}`); d <= dayOf(`${year}-${to}`); d++) OFF.add(isoFromDay(d));
}
for (const [y, ranges, makeups] of [
  [2024, [['01-01', '01-01'], ['02-10', '02-17'], ['04-04', '04-06'], ['05-01', '05-05'], ['06-10', '06-10'], ['09-15', '09-17'], ['10-01', '10-07']], ['02-04', '02-18', '04-07', '04-28', '05-11', '09-14', '09-29', '10-12']],
  [2025, [['01-01', '01-01'], ['01-28', '02-04'], ['04-04', '04-06'], ['05-01', '05-05'], ['05-31', '06-02'], ['10-01', '10-08']], ['01-26', '02-08', '04-27', '09-28', '10-11']],
  [2026, [['01-01', '01-03'], ['02-15', '02-23'], ['04-04', '04-06'], ['05-01', '05-05'], ['06-19', '06-21'], ['09-25', '09-27'], ['10-01', '10-07']], ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10']],
] as const) {
  for (const [a, b] of ranges) span(y, a, b);
  for (const d of makeups) MAKEUP.add(`${y}-${d}`);
}

export function isWorkday(iso: string): boolean {
  const y = Number(iso.slice(0, 4));
  if (y < 2024 || y > 2026) throw new RangeError(`demo calendar does not cover ${iso}`);
  if (MAKEUP.has(iso)) return true;
  if (OFF.has(iso)) return false;
  const dow = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The n-th working day after `iso` (the day itself not counted). */
export function addWorkdays(iso: string, n: number): string {
  let d = dayOf(iso);
  let left = n;
  while (left > 0) {
    d++;
    if (isWorkday(isoFromDay(d))) left--;
  }
  return isoFromDay(d);
}

function workdaysBetween(rng: Rng, from: string, to: string): string {
  const days: string[] = [];
  for (let d = dayOf(from); d <= dayOf(to); d++) if (isWorkday(isoFromDay(d))) days.push(isoFromDay(d));
  return pick(rng, days);
}

// ---------------------------------------------------------------------------------------------
// Decisions (for `check deadlines`)

export type PublicationOutcome = 'on-time' | 'on-deadline' | 'late' | 'missing-due' | 'missing-overdue' | 'revoked-withdrawn' | 'revoked-not-withdrawn';

export interface SynthDecision {
  caseNo: string;
  kind: DecisionKind;
  decidedOn: string;
  publishedOn: string | null;
  revokedOn: string | null;
  withdrawnOn: string | null;
  /** what the demo intends this row to show (not written to the file; tests check it) */
  outcome: PublicationOutcome;
}

const CASE_PREFIX: Record<DecisionKind, string> = {
  行政处罚: '清人社监罚',
  行政许可: '清人社许',
  行政处理: '清人社监处',
  行政检查: '清人社监检',
  行政强制: '清人社监强',
  其他: '清人社监',
};

/** Publication deadline in working days: 7 for 许可/处罚, 20 for the rest (国办发〔2018〕118号). */
export function publicationDays(kind: DecisionKind): number {
  return kind === '行政处罚' || kind === '行政许可' ? 7 : 20;
}

/** Decision days next to the 2025 and 2026 holidays, where lags are easiest to get wrong. */
const HOLIDAY_EDGES = [
  '2025-01-02', '2025-01-24', '2025-01-27', '2025-02-05', '2025-04-03', '2025-04-07', '2025-04-30', '2025-05-06',
  '2025-05-30', '2025-06-03', '2025-09-29', '2025-09-30', '2025-10-09', '2025-10-11', '2025-12-31',
  '2026-01-05', '2026-02-12', '2026-02-13', '2026-02-14', '2026-02-24', '2026-04-03', '2026-04-07', '2026-04-30',
  '2026-05-06', '2026-06-18', '2026-06-22', '2026-09-24', '2026-09-30', '2026-10-08', '2026-10-09',
];

export function generateDecisions(opts: { seed: string; asOf?: string }): SynthDecision[] {
  const rng = rngFor(opts.seed, 'decisions');
  const asOf = opts.asOf ?? DEMO_AS_OF;
  const kindMix: readonly (readonly [DecisionKind, number])[] = [
    ['行政处罚', 40],
    ['行政许可', 20],
    ['行政处理', 20],
    ['行政检查', 15],
    ['行政强制', 5],
  ];
  const rows: Omit<SynthDecision, 'caseNo'>[] = [];
  const add = (kind: DecisionKind, decidedOn: string, outcome: PublicationOutcome, publishedOn: string | null, revokedOn: string | null = null, withdrawnOn: string | null = null) =>
    rows.push({ kind, decidedOn, outcome, publishedOn, revokedOn, withdrawnOn });

  // The reference's known answers, published exactly on the last day.
  add('行政处罚', '2025-09-30', 'on-deadline', '2025-10-16');
  add('行政许可', '2026-02-12', 'on-deadline', '2026-02-28');
  add('行政处罚', '2025-01-24', 'on-deadline', '2025-02-10');
  // One day too late on the same National Day edge.
  add('行政处罚', '2025-09-29', 'late', addWorkdays('2025-09-29', 8));

  const dates = [...HOLIDAY_EDGES];
  while (dates.length < 46) dates.push(workdaysBetween(rng, '2025-01-06', '2026-10-30'));
  // Which edge dates become late or missing: fixed positions, so the mix never depends on luck.
  const lateAt = new Set([4, 9, 17, 22, 33]);
  const missingAt = new Set([7, 20, 38, 41]);
  dates.forEach((d, i) => {
    const kind = weighted(rng, kindMix);
    const limit = publicationDays(kind);
    if (lateAt.has(i)) {
      const pub = addWorkdays(d, limit + int(rng, 1, 12));
      if (pub <= asOf) return add(kind, d, 'late', pub);
    }
    if (missingAt.has(i) && addWorkdays(d, limit) < asOf) return add(kind, d, 'missing-overdue', null);
    const lag = rng() < 0.1 ? 0 : int(rng, 1, limit - 1);
    add(kind, d, 'on-time', lag === 0 ? d : addWorkdays(d, lag));
  });

  // Recent decisions, still within their deadline on the as-of date: some published, some not yet.
  ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'].forEach((d, i) => {
    const kind = weighted(rng, kindMix);
    if (i % 2 === 0) add(kind, d, 'missing-due', null);
    else add(kind, d, 'on-time', addWorkdays(d, 1) <= asOf ? addWorkdays(d, 1) : d);
  });
  // Missing and overdue by months, from the 2026 Spring Festival.
  add('行政处罚', '2026-02-13', 'missing-overdue', null);
  add('行政处理', '2026-09-30', 'missing-overdue', null);

  // Revoked penalties: the published decision must come down within 3 working days.
  add('行政处罚', '2025-03-10', 'revoked-withdrawn', '2025-03-14', '2025-06-20', addWorkdays('2025-06-20', 2));
  add('行政处罚', '2026-04-20', 'revoked-not-withdrawn', '2026-04-24', '2026-09-24', null);

  // A few more ordinary on-time rows to round the file out.
  while (rows.length < 60) {
    const d = workdaysBetween(rng, '2025-01-06', '2026-10-30');
    const kind = weighted(rng, kindMix);
    add(kind, d, 'on-time', addWorkdays(d, int(rng, 1, publicationDays(kind) - 1)));
  }

  rows.sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : a.decidedOn > b.decidedOn ? 1 : 0));
  const seq = new Map<string, number>();
  return rows.map((r) => {
    const year = r.decidedOn.slice(0, 4);
    const k = `${r.kind}${year}`;
    const n = (seq.get(k) ?? 0) + int(rng, 1, 4);
    seq.set(k, n);
    return { ...r, caseNo: `${CASE_PREFIX[r.kind]}〔${year}〕${n}号` };
  });
}

export function decisionRow(d: SynthDecision): string[] {
  return [d.caseNo, d.kind, d.decidedOn, d.publishedOn ?? '', d.revokedOn ?? '', d.withdrawnOn ?? ''];
}

// ---------------------------------------------------------------------------------------------
// Investigation cases (for `check cases`): 60 working days from 立案, +30 with approval
// (劳动保障监察条例 第17条).

export type CaseOutcome = 'closed-in-time' | 'closed-on-deadline' | 'closed-late' | 'open-in-time' | 'open-overdue';

export interface SynthCase {
  caseNo: string;
  filedOn: string;
  extended: boolean;
  closedOn: string | null;
  outcome: CaseOutcome;
}

export function caseDeadline(filedOn: string, extended: boolean): string {
  return addWorkdays(filedOn, extended ? 90 : 60);
}

export function generateCases(opts: { seed: string; asOf?: string }): SynthCase[] {
  const rng = rngFor(opts.seed, 'cases');
  const asOf = opts.asOf ?? DEMO_AS_OF;
  const rows: Omit<SynthCase, 'caseNo'>[] = [];
  const closedWithin = (filed: string, extended: boolean, lo: number, hi: number) => addWorkdays(filed, int(rng, lo, hi));

  for (let i = 0; i < 9; i++) {
    const f = workdaysBetween(rng, '2025-01-06', '2026-06-30');
    const c = closedWithin(f, false, 12, 58);
    if (c <= asOf) rows.push({ filedOn: f, extended: false, closedOn: c, outcome: 'closed-in-time' });
  }
  for (let i = 0; i < 3; i++) {
    const f = workdaysBetween(rng, '2025-01-06', '2026-05-29');
    rows.push({ filedOn: f, extended: true, closedOn: closedWithin(f, true, 61, 88), outcome: 'closed-in-time' });
  }
  // Closed on the last permitted day, across the 2025 National Day holiday.
  rows.push({ filedOn: '2025-08-04', extended: false, closedOn: caseDeadline('2025-08-04', false), outcome: 'closed-on-deadline' });
  rows.push({ filedOn: '2025-12-15', extended: true, closedOn: caseDeadline('2025-12-15', true), outcome: 'closed-on-deadline' });
  // Late: closed past 60 without approval, and past 90 with it.
  for (const [f, ext, over] of [['2025-03-17', false, 9], ['2026-01-12', false, 4], ['2025-06-09', true, 6]] as const) {
    rows.push({ filedOn: f, extended: ext, closedOn: addWorkdays(caseDeadline(f, ext), over), outcome: 'closed-late' });
  }
  // Open and still in time: deadlines between the as-of date and the end of 2026 (2027 is not yet
  // in the calendar, and a deadline there must be an error, not a demo row).
  const openInTime: [string, boolean][] = [];
  for (let d = dayOf('2026-06-01'); d <= dayOf('2026-10-30'); d++) {
    const f = isoFromDay(d);
    if (!isWorkday(f)) continue;
    for (const ext of [false, true]) {
      let dl: string;
      try {
        dl = caseDeadline(f, ext);
      } catch {
        continue; // runs into 2027, which the calendar does not know yet
      }
      if (dl > asOf) openInTime.push([f, ext]);
    }
  }
  const chosen = new Set<number>();
  while (chosen.size < 4) chosen.add(int(rng, 0, openInTime.length - 1));
  // Always one extended case among them: it is in time only thanks to the approval.
  const ext = openInTime.findIndex(([, e]) => e);
  if (ext >= 0) chosen.add(ext);
  for (const i of [...chosen].sort((a, b) => a - b)) {
    const [f, e] = openInTime[i]!;
    rows.push({ filedOn: f, extended: e, closedOn: null, outcome: 'open-in-time' });
  }
  // Open and overdue.
  for (const [f, e] of [['2026-03-02', false], ['2026-05-11', false], ['2026-02-02', true], ['2026-07-20', false]] as const) {
    if (caseDeadline(f, e) < asOf) rows.push({ filedOn: f, extended: e, closedOn: null, outcome: 'open-overdue' });
  }

  rows.sort((a, b) => (a.filedOn < b.filedOn ? -1 : a.filedOn > b.filedOn ? 1 : 0));
  const seq = new Map<string, number>();
  return rows.map((r) => {
    const year = r.filedOn.slice(0, 4);
    const n = (seq.get(year) ?? 0) + int(rng, 1, 6);
    seq.set(year, n);
    return { ...r, caseNo: `清人社监案〔${year}〕${n}号` };
  });
}

export function caseRow(c: SynthCase): string[] {
  return [c.caseNo, c.filedOn, c.extended ? '是' : '否', c.closedOn ?? ''];
}

// ---------------------------------------------------------------------------------------------

/** The four demo tables, as header + rows, from one seed. */
export function demoTables(seed = FIXTURES_SEED, employerCount = 3000) {
  const employers = [...generateEmployers({ seed, count: employerCount })];
  const keyUnits = employers.filter((e) => e.key && e.type === '企业').map((e) => e.uscc);
  const inspectors = generateInspectors({ seed, count: 32, recusalPool: keyUnits });
  const decisions = generateDecisions({ seed });
  const cases = generateCases({ seed });
  return {
    employers: { header: [...EMPLOYER_HEADER], rows: employers.map(employerRow), data: employers },
    inspectors: { header: [...INSPECTOR_HEADER], rows: inspectors.map(inspectorRow), data: inspectors },
    decisions: { header: [...DECISION_HEADER], rows: decisions.map(decisionRow), data: decisions },
    cases: { header: [...CASE_HEADER], rows: cases.map(caseRow), data: cases },
  };
}
