// A CIN census XML streamed from the upload into the staging table, one <Child> per record.
import type { Readable } from 'node:stream';
import { CinCensusReader, collectionYearOf, type CinElement } from '../cin-census';
import type { StagingBuffer } from './staging-buffer';

function childId(element: CinElement): string | undefined {
  const ids = element.children.find((c) => c.name === 'ChildIdentifiers');
  const id = ids?.children.find((c) => c.name === 'LAchildID')?.text;
  return id ? id : undefined;
}

/** Returns the collection year the header states, if any. */
export async function stageCinCensus(stream: Readable, file: string, staging: StagingBuffer): Promise<number | undefined> {
  const reader = new CinCensusReader(file);
  for await (const child of reader.read(stream)) {
    // A child without an id is still staged (under its line) so that the converter rejects it by name.
    const subject = childId(child.element) ?? `~line-${child.line}`;
    await staging.add({ subject, table: 'child', file, row: child.line, rec: { line: child.line, element: child.element } });
  }
  return collectionYearOf(reader.collection);
}
