// Test helper: a 903 return's CSV tables written as the DfE XML, so one return can be imported both ways.
import type { Ssda903Table } from '../tables';
import { XML_COLUMNS, XML_GROUPS, type Ssda903XmlTable } from '../xml-reader';

export type CsvTables = Partial<Record<Ssda903Table, Record<string, string>[]>>;

const HEADER_FIELDS = ['UPN', 'SEX', 'DOB', 'ETHNIC'];
const MOTHER_FIELDS = ['MOTHER', 'MC_DOB'];
// A table's row element in the <HEADER> (reviews → AREVIEW, …).
const GROUP_ELEMENT = Object.fromEntries(Object.entries(XML_GROUPS).map(([element, table]) => [table, element])) as Record<string, string>;
const XML_NAME: Record<string, string> = { PLACE: 'PL' };

/**
 * The tables as one `<EXPSSDA903>` document: a `<CHILD>` per child (header order, then any child
 * only in other tables), one row element per line. The XML carries a child's DOB and SEX once, in
 * its header, and at most one uasc, oc3 and ad1 row: a second one throws. dolo has no XML form.
 */
export function csvTablesToXml(tables: CsvTables): string {
  const byChild = new Map<string, Partial<Record<Ssda903XmlTable, Record<string, string>[]>>>();
  const order = ['header', ...Object.keys(XML_COLUMNS).filter((t) => t !== 'header')] as Ssda903XmlTable[];
  for (const table of order) {
    for (const rec of tables[table] ?? []) {
      const child = byChild.get(rec.CHILD) ?? {};
      (child[table] ??= []).push(rec);
      byChild.set(rec.CHILD, child);
    }
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<EXPSSDA903>'];
  for (const [id, rows] of byChild) lines.push(...childXml(id, rows));
  lines.push('</EXPSSDA903>', '');
  return lines.join('\n');
}

function childXml(id: string, rows: Partial<Record<Ssda903XmlTable, Record<string, string>[]>>): string[] {
  const one = (table: 'header' | 'uasc' | 'oc3' | 'ad1') => {
    if ((rows[table]?.length ?? 0) > 1) throw new Error(`child ${id} has more than one ${table} row: the XML holds one`);
    return rows[table]?.[0];
  };
  const header = one('header') ?? {};
  const uasc = one('uasc');
  const ownFields = (table: 'oc3' | 'ad1', rec?: Record<string, string>) =>
    rec ? XML_COLUMNS[table].filter((c) => c !== 'CHILD' && c !== 'DOB').map((c) => leaf(c, rec[c])) : [];
  const group = (table: Ssda903XmlTable) =>
    (rows[table] ?? []).map((rec) => {
      const fields = XML_COLUMNS[table].filter((c) => c !== 'CHILD' && c !== 'DOB' && c !== 'SEX').map((c) => leaf(c, rec[c]));
      return `<${GROUP_ELEMENT[table]}>${fields.join('')}</${GROUP_ELEMENT[table]}>`;
    });
  return [
    '<CHILD>',
    '<HEADER>',
    [leaf('CHILDID', id), ...HEADER_FIELDS.map((c) => leaf(c, header[c])), leaf('UASC', uasc ? '1' : ''), ...(uasc ? [leaf('DUC', uasc.DUC)] : [])].join(''),
    ...group('reviews'),
    ...group('missing'),
    MOTHER_FIELDS.map((c) => leaf(c, header[c])).join(''),
    ...group('oc2'),
    // The validator reads the OC3 and AD1 fields as the header's own, not in a row element.
    ...[ownFields('oc3', one('oc3')).join(''), ownFields('ad1', one('ad1')).join('')].filter((l) => l !== ''),
    ...group('previous_permanence'),
    ...group('placed_for_adoption'),
    ...group('sw_episodes'),
    '</HEADER>',
    ...(rows.episodes ?? []).map(
      (rec) =>
        `<EPISODE>${XML_COLUMNS.episodes
          .filter((c) => c !== 'CHILD')
          .map((c) => leaf(c, rec[c]))
          .join('')}</EPISODE>`,
    ),
    '</CHILD>',
  ];
}

function leaf(column: string, value: string | undefined): string {
  const name = XML_NAME[column] ?? column;
  return value ? `<${name}>${escapeXml(value)}</${name}>` : `<${name} />`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
