/**
 * IMS CASE 1.0 (Competencies and Academic Standards Exchange) for frameworks, so other
 * systems (the national LMS, a partner university) refer to the same competency by the same
 * identifier. A framework is a CFDocument; each competency a CFItem (humanCodingScheme = its
 * code), each of its five levels a CFItem below it, and each behaviour indicator a CFItem
 * below its level, tied by isChildOf CFAssociations. Levels and indicators get name-based
 * (v5) UUIDs derived from the competency's identifier, so exports are stable.
 */
import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { CompetencyKind } from '../db/types.ts';
import type { CompetencyDocT, FrameworkDocT, FrameworkView } from './frameworks.ts';

const KIND_TYPES: Record<CompetencyKind, string> = {
  manajerial: 'Kompetensi Manajerial',
  sosial_kultural: 'Kompetensi Sosial Kultural',
  teknis: 'Kompetensi Teknis',
};
const LEVEL_TYPE = 'Level Kompetensi';
const INDICATOR_TYPE = 'Indikator Perilaku';
const UNIT_KEYWORD = 'unit:';

/** RFC 4122 version 5 UUID (SHA-1, name-based) in the namespace of a parent UUID. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(Buffer.concat([ns, Buffer.from(name, 'utf8')])).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const NodeRef = Type.Object({ identifier: Type.String(), uri: Type.String(), title: Type.String() });
export const CasePackage = Type.Object({
  CFDocument: Type.Object({
    identifier: Type.String({ format: 'uuid' }),
    uri: Type.String(),
    creator: Type.String(),
    title: Type.String({ minLength: 1 }),
    lastChangeDateTime: Type.String(),
    description: Type.Optional(Type.String()),
    publisher: Type.Optional(Type.String()),
    language: Type.Optional(Type.String()),
    version: Type.Optional(Type.String()),
    CFPackageURI: Type.Optional(NodeRef),
  }),
  CFItems: Type.Array(
    Type.Object({
      identifier: Type.String({ format: 'uuid' }),
      uri: Type.String(),
      fullStatement: Type.String(),
      humanCodingScheme: Type.Optional(Type.String()),
      abbreviatedStatement: Type.Optional(Type.String()),
      listEnumeration: Type.Optional(Type.String()),
      CFItemType: Type.Optional(Type.String()),
      conceptKeywords: Type.Optional(Type.Array(Type.String())),
      notes: Type.Optional(Type.String()),
      language: Type.Optional(Type.String()),
      lastChangeDateTime: Type.String(),
      CFDocumentURI: Type.Optional(NodeRef),
    }),
    { maxItems: 20000 },
  ),
  CFAssociations: Type.Array(
    Type.Object({
      identifier: Type.String(),
      uri: Type.String(),
      associationType: Type.String(),
      sequenceNumber: Type.Optional(Type.Integer()),
      originNodeURI: NodeRef,
      destinationNodeURI: NodeRef,
      lastChangeDateTime: Type.String(),
      CFDocumentURI: Type.Optional(NodeRef),
    }),
    { maxItems: 40000 },
  ),
});
export type CasePackageT = Static<typeof CasePackage>;

export function toCase(f: FrameworkView, baseUrl: string): CasePackageT {
  const now = f.updatedAt;
  const uri = (id: string) => `${baseUrl}/api/case/uri/${id}`;
  const doc = { identifier: f.caseId, uri: uri(f.caseId), title: f.title };
  const items: CasePackageT['CFItems'] = [];
  const associations: CasePackageT['CFAssociations'] = [];
  const childOf = (child: { identifier: string; title: string }, parent: { identifier: string; title: string }, seq: number) => {
    const id = uuidV5(child.identifier, `isChildOf:${parent.identifier}`);
    associations.push({
      identifier: id,
      uri: uri(id),
      associationType: 'isChildOf',
      sequenceNumber: seq,
      originNodeURI: { identifier: child.identifier, uri: uri(child.identifier), title: child.title },
      destinationNodeURI: { identifier: parent.identifier, uri: uri(parent.identifier), title: parent.title },
      lastChangeDateTime: now,
      CFDocumentURI: doc,
    });
  };
  f.competencies.forEach((c, ci) => {
    items.push({
      identifier: c.caseId,
      uri: uri(c.caseId),
      fullStatement: c.name,
      humanCodingScheme: c.code,
      CFItemType: KIND_TYPES[c.kind],
      ...(c.unit ? { conceptKeywords: [`${UNIT_KEYWORD}${c.unit}`] } : {}),
      notes: c.description,
      language: 'id',
      lastChangeDateTime: now,
      CFDocumentURI: doc,
    });
    childOf({ identifier: c.caseId, title: c.name }, { identifier: f.caseId, title: f.title }, ci + 1);
    for (const l of c.levels) {
      const levelId = uuidV5(c.caseId, `level:${l.level}`);
      items.push({
        identifier: levelId,
        uri: uri(levelId),
        fullStatement: l.description,
        abbreviatedStatement: l.name,
        humanCodingScheme: `${c.code}.${l.level}`,
        listEnumeration: String(l.level),
        CFItemType: LEVEL_TYPE,
        language: 'id',
        lastChangeDateTime: now,
        CFDocumentURI: doc,
      });
      childOf({ identifier: levelId, title: `${c.code} level ${l.level}` }, { identifier: c.caseId, title: c.name }, l.level);
      l.indicators.forEach((text, i) => {
        const indicatorId = uuidV5(levelId, `indicator:${i + 1}`);
        items.push({
          identifier: indicatorId,
          uri: uri(indicatorId),
          fullStatement: text,
          humanCodingScheme: `${c.code}.${l.level}.${i + 1}`,
          listEnumeration: String(i + 1),
          CFItemType: INDICATOR_TYPE,
          language: 'id',
          lastChangeDateTime: now,
          CFDocumentURI: doc,
        });
        childOf({ identifier: indicatorId, title: `${c.code}.${l.level}.${i + 1}` }, { identifier: levelId, title: `${c.code} level ${l.level}` }, i + 1);
      });
    }
  });
  return {
    CFDocument: {
      identifier: f.caseId,
      uri: uri(f.caseId),
      creator: f.publisher || 'Pemerintah Kota Surakarta',
      title: f.title,
      lastChangeDateTime: now,
      description: f.description,
      publisher: f.publisher,
      language: 'id',
      version: String(f.version),
      CFPackageURI: { identifier: f.caseId, uri: `${baseUrl}/api/competency-frameworks/${f.id}/case`, title: f.title },
    },
    CFItems: items,
    CFAssociations: associations,
  };
}

export class CaseError extends Error {}

const slugify = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '') || 'kerangka-kompetensi';

/**
 * A CASE package back into a framework document. Competencies are the items whose type is a
 * competency kind, or (from other systems) any item with a code that has children; levels are
 * their children ordered by listEnumeration, indicators the levels' children.
 */
export function fromCase(pkg: CasePackageT, slug?: string): FrameworkDocT {
  const byId = new Map(pkg.CFItems.map((i) => [i.identifier.toLowerCase(), i]));
  const children = new Map<string, { id: string; seq: number }[]>();
  for (const a of pkg.CFAssociations) {
    if (a.associationType !== 'isChildOf') continue;
    const parent = a.destinationNodeURI.identifier.toLowerCase();
    const list = children.get(parent) ?? [];
    list.push({ id: a.originNodeURI.identifier.toLowerCase(), seq: a.sequenceNumber ?? 0 });
    children.set(parent, list);
  }
  const kids = (id: string) =>
    (children.get(id.toLowerCase()) ?? [])
      .map((k) => ({ ...k, item: byId.get(k.id) }))
      .filter((k) => k.item)
      .sort((a, b) => Number(a.item!.listEnumeration ?? a.seq) - Number(b.item!.listEnumeration ?? b.seq) || a.seq - b.seq)
      .map((k) => k.item!);
  const kindOf = (type: string | undefined): CompetencyKind | null => {
    const entry = Object.entries(KIND_TYPES).find(([, t]) => t.toLowerCase() === (type ?? '').toLowerCase());
    if (entry) return entry[0] as CompetencyKind;
    const t = (type ?? '').toLowerCase();
    if (t.includes('manajerial') || t.includes('managerial')) return 'manajerial';
    if (t.includes('sosial') || t.includes('socio')) return 'sosial_kultural';
    return null;
  };
  const competencyItems = pkg.CFItems.filter((i) => kindOf(i.CFItemType) !== null || (i.CFItemType !== LEVEL_TYPE && i.CFItemType !== INDICATOR_TYPE && kids(i.identifier).length === 5));
  if (!competencyItems.length) throw new CaseError('no competencies found: expected CFItems with a competency CFItemType and five level children');
  const competencies: CompetencyDocT[] = competencyItems.map((c) => {
    const code = c.humanCodingScheme ?? '';
    const levels = kids(c.identifier);
    if (levels.length !== 5) throw new CaseError(`${code || c.identifier}: needs exactly five levels, found ${levels.length}`);
    const unit = c.conceptKeywords?.find((k) => k.startsWith(UNIT_KEYWORD))?.slice(UNIT_KEYWORD.length);
    return {
      code,
      caseId: c.identifier.toLowerCase(),
      name: c.fullStatement,
      kind: kindOf(c.CFItemType) ?? 'teknis',
      ...(unit ? { unit } : {}),
      description: c.notes ?? '',
      levels: levels.map((l, i) => ({
        level: i + 1,
        name: l.abbreviatedStatement ?? `Level ${i + 1}`,
        description: l.fullStatement,
        indicators: kids(l.identifier).map((x) => x.fullStatement),
      })),
    };
  });
  return {
    slug: slug ?? slugify(pkg.CFDocument.title),
    title: pkg.CFDocument.title,
    description: pkg.CFDocument.description ?? '',
    publisher: pkg.CFDocument.publisher ?? pkg.CFDocument.creator,
    caseId: pkg.CFDocument.identifier.toLowerCase(),
    competencies,
  };
}
