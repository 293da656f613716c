// Test helpers for the CIN census reader and converter (used by the specs only).
import { Readable } from 'node:stream';
import type { DraftEvent } from '../import-types';
import { readCinCensus, type CinChild } from './cin-reader';

export const TODAY = '2026-12-06';

/** The CloudEvent the framework would publish for a draft, with dummy id, source and tenant. */
export function asCloudEvent(draft: DraftEvent): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: `test:${draft.type}:${draft.fact}`.slice(0, 128),
    source: 'urn:casewatch:import:cin-census',
    type: draft.type,
    time: draft.date,
    subject: draft.subject,
    tenant: 'test-la',
    data: draft.data,
  };
}

export async function readAll(xml: string | Buffer, file = 'test.xml', chunkSize = 4096): Promise<CinChild[]> {
  const chunks: (string | Buffer)[] = [];
  for (let i = 0; i < xml.length; i += chunkSize) chunks.push(xml.slice(i, i + chunkSize));
  const children: CinChild[] = [];
  for await (const child of readCinCensus(Readable.from(chunks), file)) children.push(child);
  return children;
}

/** A census message holding these <Child> elements. */
export function census(children: string[], header = '<Year>2023</Year><ReferenceDate>2024-03-31</ReferenceDate>'): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Message>',
    `<Header><CollectionDetails><Collection>CIN</Collection>${header}</CollectionDetails></Header>`,
    '<Children>',
    ...children,
    '</Children>',
    '</Message>',
  ].join('\n');
}

/** A <Child> with the given identifiers and <CINdetails> bodies (elements as XML text). */
export function childXml(id: string, details: string[], identifiers = '<PersonBirthDate>2015-03-27</PersonBirthDate>'): string {
  return [
    '<Child>',
    `<ChildIdentifiers><LAchildID>${id}</LAchildID>${identifiers}<GenderCurrent>1</GenderCurrent></ChildIdentifiers>`,
    '<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>',
    ...details.map((body) => `<CINdetails>\n${body}\n</CINdetails>`),
    '</Child>',
  ].join('\n');
}
