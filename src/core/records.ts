import type { TableSpec, TypedRow } from './table-schema.js';
import { DEFAULT_CERT_NO_PATTERN, type IsoDate } from './values.js';

/** The unit types of the 市场主体名录库 that labour inspection covers. */
export const UNIT_TYPES = ['企业', '个体工商户', '民办非企业单位', '机关', '事业单位', '社会团体'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const DECISION_KINDS = ['行政许可', '行政处罚', '行政处理', '行政强制', '行政检查', '其他'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** An employer of the directory (市场主体名录库). */
export interface Employer {
  uscc: string;
  name: string;
  type: UnitType | null;
  industry: string | null;
  region: string | null;
  employees: number | null;
  complaints: number;
  abnormal: boolean;
  seriousViolation: boolean;
  key: boolean;
  lastInspected: IsoDate | null;
  line: number;
  extra: [string, string][];
}

/** An inspector of the roster (执法检查人员名录库). */
export interface Inspector {
  id: string;
  name: string;
  unit: string | null;
  certNo: string;
  certExpiry: IsoDate | null;
  specialties: string[];
  region: string | null;
  status: string | null;
  /** 统一社会信用代码 of employers this inspector must never inspect (回避) */
  recusals: string[];
  line: number;
  extra: [string, string][];
}

/** An enforcement decision whose publication `check deadlines` watches. */
export interface Decision {
  caseNo: string;
  kind: DecisionKind;
  decidedOn: IsoDate;
  publishedOn: IsoDate | null;
  revokedOn: IsoDate | null;
  withdrawnOn: IsoDate | null;
  /** 罚款金额 in fen; null when the cell or the column is empty */
  fine: number | null;
  line: number;
  extra: [string, string][];
}

export const EMPLOYER_SPEC: TableSpec = {
  columns: [
    { key: 'uscc', zh: '统一社会信用代码', en: 'uscc', aliases: ['信用代码', '社会信用代码'], type: { kind: 'uscc' }, required: true, unique: true, code: true },
    { key: 'name', zh: '单位名称', en: 'name', aliases: ['名称', '企业名称'], type: { kind: 'text' }, required: true },
    { key: 'type', zh: '单位类型', en: 'type', type: { kind: 'enum', values: UNIT_TYPES } },
    { key: 'industry', zh: '行业', en: 'industry', aliases: ['所属行业'], type: { kind: 'text' } },
    { key: 'region', zh: '所属区域', en: 'region', aliases: ['区域', '乡镇', '所属乡镇'], type: { kind: 'text' } },
    { key: 'employees', zh: '职工人数', en: 'employees', aliases: ['从业人数', '用工人数'], type: { kind: 'count' } },
    { key: 'complaints', zh: '投诉举报次数', en: 'complaints', aliases: ['投诉次数'], type: { kind: 'count' } },
    { key: 'abnormal', zh: '经营异常', en: 'abnormal', aliases: ['经营异常名录'], type: { kind: 'bool' } },
    { key: 'serious_violation', zh: '严重违法记录', en: 'serious_violation', aliases: ['严重违法失信'], type: { kind: 'bool' } },
    { key: 'key', zh: '重点监管', en: 'key', aliases: ['重点监管对象'], type: { kind: 'bool' } },
    { key: 'last_inspected', zh: '上次检查日期', en: 'last_inspected', aliases: ['最近检查日期'], type: { kind: 'date' } },
  ],
};

export const INSPECTOR_SPEC: TableSpec = {
  columns: [
    { key: 'id', zh: '工号', en: 'id', aliases: ['人员编号'], type: { kind: 'text' }, required: true, unique: true, code: true },
    { key: 'name', zh: '姓名', en: 'name', type: { kind: 'text' }, required: true },
    { key: 'unit', zh: '科室', en: 'unit', aliases: ['所在科室', '部门'], type: { kind: 'text' } },
    { key: 'cert_no', zh: '执法证号', en: 'cert_no', aliases: ['行政执法证号', '执法证件号'], type: { kind: 'code', pattern: DEFAULT_CERT_NO_PATTERN }, required: true, unique: true, code: true },
    { key: 'cert_expiry', zh: '执法证有效期至', en: 'cert_expiry', aliases: ['执法证有效期', '证件有效期至'], type: { kind: 'date' } },
    { key: 'specialties', zh: '专业领域', en: 'specialties', aliases: ['专业'], type: { kind: 'list' } },
    { key: 'region', zh: '所属区域', en: 'region', aliases: ['区域'], type: { kind: 'text' } },
    { key: 'status', zh: '状态', en: 'status', aliases: ['在岗状态'], type: { kind: 'text' } },
    { key: 'recusals', zh: '回避单位', en: 'recusals', aliases: ['回避单位代码'], type: { kind: 'usccList' } },
  ],
};

export const DECISION_SPEC: TableSpec = {
  columns: [
    { key: 'case_no', zh: '案号', en: 'case_no', aliases: ['决定书文号', '文号'], type: { kind: 'text' }, required: true, unique: true, code: true },
    { key: 'kind', zh: '决定类型', en: 'kind', aliases: ['类型'], type: { kind: 'enum', values: DECISION_KINDS }, required: true },
    { key: 'decided_on', zh: '决定日期', en: 'decided_on', aliases: ['作出决定日期'], type: { kind: 'date' }, required: true },
    { key: 'published_on', zh: '公示日期', en: 'published_on', aliases: ['公开日期'], type: { kind: 'date' }, notBefore: 'decided_on' },
    { key: 'revoked_on', zh: '撤销日期', en: 'revoked_on', type: { kind: 'date' }, notBefore: 'decided_on' },
    { key: 'withdrawn_on', zh: '撤下日期', en: 'withdrawn_on', type: { kind: 'date' } },
    { key: 'fine', zh: '罚款金额', en: 'fine', aliases: ['罚款', '罚款数额'], type: { kind: 'money' } },
  ],
};

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function toEmployer(r: TypedRow): Employer {
  const v = r.values;
  return {
    uscc: v.uscc as string,
    name: v.name as string,
    type: (v.type as UnitType | null) ?? null,
    industry: str(v.industry),
    region: str(v.region),
    employees: (v.employees as number | null) ?? null,
    complaints: (v.complaints as number | null) ?? 0,
    abnormal: v.abnormal === true,
    seriousViolation: v.serious_violation === true,
    key: v.key === true,
    lastInspected: (v.last_inspected as string | null) ?? null,
    line: r.line,
    extra: r.extra,
  };
}

export function toInspector(r: TypedRow): Inspector {
  const v = r.values;
  return {
    id: v.id as string,
    name: v.name as string,
    unit: str(v.unit),
    certNo: v.cert_no as string,
    certExpiry: (v.cert_expiry as string | null) ?? null,
    specialties: (v.specialties as string[] | null) ?? [],
    region: str(v.region),
    status: str(v.status),
    recusals: (v.recusals as string[] | null) ?? [],
    line: r.line,
    extra: r.extra,
  };
}

export function toDecision(r: TypedRow): Decision {
  const v = r.values;
  return {
    caseNo: v.case_no as string,
    kind: v.kind as DecisionKind,
    decidedOn: v.decided_on as string,
    publishedOn: (v.published_on as string | null) ?? null,
    revokedOn: (v.revoked_on as string | null) ?? null,
    withdrawnOn: (v.withdrawn_on as string | null) ?? null,
    fine: (v.fine as number | null) ?? null,
    line: r.line,
    extra: r.extra,
  };
}

/** The roster's schema with an office's own certificate-number pattern (cert_no_pattern of the plan). */
export function inspectorSpec(certNoPattern: string | null | undefined): TableSpec {
  if (!certNoPattern) return INSPECTOR_SPEC;
  return {
    columns: INSPECTOR_SPEC.columns.map((c) => (c.key === 'cert_no' ? { ...c, type: { kind: 'code', pattern: certNoPattern } as const } : c)),
  };
}
