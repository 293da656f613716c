// Streams the DfE 903 XML return as rows of the CSV tables, one <CHILD> at a time: memory stays
// flat whatever the file size. The layout is the one the DfE-validator reads
// (github.com/data-to-insight/csc-validator-be-903: lac_validator/ingress.py read_xml_from_text,
// lac_validator/config.py, tests/fake_data/fake_903.xml):
//   <EXPSSDA903><CHILD>
//     <HEADER> CHILDID UPN SEX DOB ETHNIC UASC DUC MOTHER MC_DOB, the OC3 and AD1 fields,
//       AREVIEW* AMISSING* OC2 PERMANENCE AD_PLACED* SW_EPISODE* </HEADER>
//     <EPISODE>* (PL is the CSV's PLACE) </CHILD>...
// Dates are dd/mm/yyyy as in the CSV; an ISO date (xs:date) is turned into one.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportFileError } from '../import-types';
import type { Ssda903Table } from './tables';
import { decoderFor, localName } from '../xml-text';

export interface Ssda903XmlRow {
  table: Ssda903Table;
  /** The line the row's element starts on (1-based): the `row` of its problems. */
  line: number;
  /** CSV column → text, dates dd/mm/yyyy; CHILD (and DOB, SEX where the CSV has them) from the HEADER. */
  record: Record<string, string>;
}

export type Ssda903XmlInput = NodeJS.ReadableStream | AsyncIterable<string | Buffer>;

/** The tables the XML holds (dolo has no known XML form). */
export type Ssda903XmlTable = Exclude<Ssda903Table, 'dolo'>;

/** Each table's CSV columns (lac_validator/config.py). */
export const XML_COLUMNS: Record<Ssda903XmlTable, readonly string[]> = {
  header: ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'],
  episodes: ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'],
  reviews: ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
  uasc: ['CHILD', 'SEX', 'DOB', 'DUC'],
  missing: ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
  oc2: [
    'CHILD',
    'DOB',
    'SDQ_SCORE',
    'SDQ_REASON',
    'CONVICTED',
    'HEALTH_CHECK',
    'IMMUNISATIONS',
    'TEETH_CHECK',
    'HEALTH_ASSESSMENT',
    'SUBSTANCE_MISUSE',
    'INTERVENTION_RECEIVED',
    'INTERVENTION_OFFERED',
  ],
  oc3: ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
  ad1: ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'],
  placed_for_adoption: ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
  previous_permanence: ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'],
  sw_episodes: ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'],
};

/** Elements of <HEADER> holding one row each, repeated as often as the child has rows. */
export const XML_GROUPS: Record<string, Ssda903XmlTable> = {
  AREVIEW: 'reviews',
  AMISSING: 'missing',
  OC2: 'oc2',
  PERMANENCE: 'previous_permanence',
  AD_PLACED: 'placed_for_adoption',
  SW_EPISODE: 'sw_episodes',
};

// Fields written straight in <HEADER> (the validator reads OC3 and AD1 fields wherever they are in
// the child, so a wrapper named after the table is read too), and the one row each belongs to.
const SINGLE: Record<string, 'header' | 'uasc' | 'oc3' | 'ad1'> = {
  CHILDID: 'header',
  UPN: 'header',
  SEX: 'header',
  DOB: 'header',
  ETHNIC: 'header',
  MOTHER: 'header',
  MC_DOB: 'header',
  UASC: 'uasc',
  DUC: 'uasc',
  IN_TOUCH: 'oc3',
  ACTIV: 'oc3',
  ACCOM: 'oc3',
  DATE_INT: 'ad1',
  DATE_MATCH: 'ad1',
  FOSTER_CARE: 'ad1',
  NB_ADOPTR: 'ad1',
  SEX_ADOPTR: 'ad1',
  LS_ADOPTR: 'ad1',
};
const WRAPPERS: Record<string, 'oc3' | 'ad1'> = { OC3: 'oc3', AD1: 'ad1' };
const RENAMED: Record<string, string> = { PL: 'PLACE' };
const FROM_HEADER = new Set(['CHILD', 'DOB', 'SEX']);
const DATES = new Set([
  'DOB',
  'MC_DOB',
  'DECOM',
  'DEC',
  'REVIEW',
  'DUC',
  'MIS_START',
  'MIS_END',
  'DATE_INT',
  'DATE_MATCH',
  'DATE_PLACED',
  'DATE_PLACED_CEASED',
  'DATE_PERM',
  'SW_DECOM',
  'SW_DEC',
]);

// Guards against a file that is XML but not a return: a real child has some 20–500 elements.
export const MAX_ELEMENTS_PER_CHILD = 10_000;
const MAX_DEPTH = 32;
// Values are dates and short codes; a longer text is invalid anyway, so only its start is kept.
const MAX_TEXT = 256;
// saxes holds a text, comment or tag whole until it ends: a run this long without '<' is no return.
export const MAX_RUN_WITHOUT_TAG = 1 << 20;

interface Slot {
  table: Ssda903XmlTable;
  line: number;
  fields: Record<string, string>;
}

interface ChildState {
  header: Record<string, string>;
  slots: Slot[];
  singles: Partial<Record<'header' | 'uasc' | 'oc3' | 'ad1', Slot>>;
  elements: number;
  line: number;
}

/** What an open element is: where its text goes, or that it (and all in it) is skipped. */
type Frame =
  | { kind: 'root' | 'child' | 'header' | 'skip' }
  | { kind: 'row'; slot: Slot; columns: readonly string[] }
  | { kind: 'wrapper'; table: 'oc3' | 'ad1' }
  | { kind: 'leaf'; slot?: Slot; field: string; text: string };

/**
 * Reads the file. Throws ImportFileError for a file that is not well-formed XML or not a 903 return
 * (root <EXPSSDA903>), possibly after some rows were yielded: the caller publishes nothing until the end.
 */
export class Ssda903XmlReader {
  private unknown = 0;
  private childrenRead = 0;

  constructor(private readonly file: string) {}

  /** Elements outside the layout, skipped with all they hold (worth a warning). */
  get unknownElements(): number {
    return this.unknown;
  }

  get children(): number {
    return this.childrenRead;
  }

  async *read(input: Ssda903XmlInput): AsyncGenerator<Ssda903XmlRow> {
    const ready: Ssda903XmlRow[] = [];
    const parser = this.parser(ready);
    const decode = decoderFor(this.file);
    let first = true;
    let run = 0;
    for await (const chunk of input as AsyncIterable<string | Buffer>) {
      let text = typeof chunk === 'string' ? chunk : decode(chunk);
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      run = this.checkRuns(text, run);
      this.feed(parser, text);
      yield* ready.splice(0);
    }
    this.feed(parser, decode(), true);
    yield* ready.splice(0);
  }

  // The length of the run without '<' the text ends in, `run` being the one before it.
  private checkRuns(text: string, run: number): number {
    let from = 0;
    for (let lt = text.indexOf('<'); ; lt = text.indexOf('<', from)) {
      run += (lt < 0 ? text.length : lt) - from;
      if (run > MAX_RUN_WITHOUT_TAG) throw new ImportFileError(this.file, `not a 903 return: more than ${MAX_RUN_WITHOUT_TAG} characters without a tag`);
      if (lt < 0) return run;
      from = lt + 1;
      run = 0;
    }
  }

  // Errors of the input stream itself pass through; only the parser's become file errors.
  private feed(parser: SaxesParser, text: string, last = false): void {
    try {
      parser.write(text);
      if (last) parser.close();
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      throw new ImportFileError(this.file, `not well-formed XML: ${(error as Error).message}`);
    }
  }

  private parser(ready: Ssda903XmlRow[]): SaxesParser {
    const parser = new SaxesParser();
    const open: Frame[] = [];
    let child: ChildState | undefined;
    let tagLine = 1;

    parser.on('error', (error) => {
      throw new ImportFileError(this.file, `not well-formed XML: ${error.message}`);
    });
    // Names end on the line they start on, so the line at opentagstart is the tag's own.
    parser.on('opentagstart', () => {
      tagLine = parser.line;
    });
    parser.on('opentag', (tag: SaxesTagPlain) => {
      const name = localName(tag.name);
      if (open.length >= MAX_DEPTH) throw new ImportFileError(this.file, `not a 903 return: elements nested more than ${MAX_DEPTH} deep`);
      if (open.length === 0 && name !== 'EXPSSDA903') {
        throw new ImportFileError(this.file, `not a 903 return: the root element is <${tag.name.slice(0, 64)}>, not <EXPSSDA903>`);
      }
      if (child && ++child.elements > MAX_ELEMENTS_PER_CHILD) {
        throw new ImportFileError(this.file, `the <CHILD> on line ${child.line} has more than ${MAX_ELEMENTS_PER_CHILD} elements`);
      }
      const parent = open[open.length - 1];
      let frame: Frame = { kind: 'skip' };
      if (!parent) frame = { kind: 'root' };
      else if (parent.kind === 'root' && name === 'CHILD') {
        child = { header: {}, slots: [], singles: {}, elements: 1, line: tagLine };
        frame = { kind: 'child' };
      } else if (parent.kind === 'child' && child) frame = this.inChild(child, name, tagLine);
      else if (parent.kind === 'header' && child) frame = this.inHeader(child, name, tagLine);
      else if (parent.kind === 'wrapper' && child && SINGLE[name] === parent.table) frame = this.single(child, name, tagLine);
      else if (parent.kind === 'row') {
        const field = RENAMED[name] ?? name;
        if (parent.columns.includes(field) && field !== 'CHILD') frame = { kind: 'leaf', slot: parent.slot, field, text: '' };
      }
      // Inside a skipped element or a leaf, or not in the layout: skipped, counted once at its top.
      if (frame.kind === 'skip' && parent?.kind !== 'skip') this.unknown++;
      open.push(frame);
    });
    const onText = (text: string) => {
      const top = open[open.length - 1];
      // Indentation never fills the budget: only text from the first non-blank on is kept.
      if (top?.kind === 'leaf' && top.text.length < MAX_TEXT && (top.text !== '' || text.trim() !== '')) top.text += text.slice(0, MAX_TEXT);
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', () => {
      const frame = open.pop();
      if (frame?.kind === 'leaf' && child) {
        const text = frame.text.trim();
        const value = DATES.has(frame.field) ? csvDate(text) : text;
        if (frame.slot) frame.slot.fields[frame.field] = value;
        else child.header[frame.field] = value;
      } else if (frame?.kind === 'child' && child) {
        this.childrenRead++;
        ready.push(...rowsOf(child));
        child = undefined;
      }
    });
    return parser;
  }

  private inChild(child: ChildState, name: string, line: number): Frame {
    if (name === 'HEADER') {
      child.singles.header ??= pushSlot(child, 'header', line);
      return { kind: 'header' };
    }
    if (name === 'EPISODE') return { kind: 'row', slot: pushSlot(child, 'episodes', line), columns: XML_COLUMNS.episodes };
    return { kind: 'skip' };
  }

  private inHeader(child: ChildState, name: string, line: number): Frame {
    const group = XML_GROUPS[name];
    if (group) return { kind: 'row', slot: pushSlot(child, group, line), columns: XML_COLUMNS[group] };
    const wrapper = WRAPPERS[name];
    if (wrapper) {
      child.singles[wrapper] ??= pushSlot(child, wrapper, line);
      return { kind: 'wrapper', table: wrapper };
    }
    return SINGLE[name] ? this.single(child, name, line) : { kind: 'skip' };
  }

  // A field of the header, uasc, oc3 or ad1 row: kept with the header's, its row placed where first met.
  private single(child: ChildState, name: string, line: number): Frame {
    const table = SINGLE[name];
    child.singles[table] ??= pushSlot(child, table, line);
    return { kind: 'leaf', field: name === 'CHILDID' ? 'CHILD' : name, text: '' };
  }
}

/** Every row of a 903 XML return, in file order; see Ssda903XmlReader for the errors thrown. */
export function readSsda903Xml(input: Ssda903XmlInput, file: string): AsyncGenerator<Ssda903XmlRow> {
  return new Ssda903XmlReader(file).read(input);
}

/** `yyyy-mm-dd` (xs:date, possibly with a time zone) as the CSV's `dd/mm/yyyy`; anything else as written. */
export function csvDate(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/.exec(text);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : text;
}

function pushSlot(child: ChildState, table: Ssda903XmlTable, line: number): Slot {
  const slot: Slot = { table, line, fields: {} };
  child.slots.push(slot);
  return slot;
}

// The child's rows in the order their elements start; a uasc, oc3 or ad1 row only when it says something.
function rowsOf(child: ChildState): Ssda903XmlRow[] {
  const { header } = child;
  const rows: Ssda903XmlRow[] = [];
  for (const slot of child.slots) {
    const columns = XML_COLUMNS[slot.table];
    const record: Record<string, string> = {};
    const single = slot.table === 'header' || slot.table === 'uasc' || slot.table === 'oc3' || slot.table === 'ad1';
    // A row's own DOB (never its CHILD) wins over the header's, as in the validator.
    for (const c of columns) record[c] = (single ? header[c] : (slot.fields[c] ?? (FROM_HEADER.has(c) ? header[c] : undefined))) ?? '';
    if (slot.table === 'header' && header.UASC !== undefined) record.UASC = header.UASC;
    if (slot.table === 'uasc' && !(header.UASC === '1' || (header.DUC ?? '') !== '')) continue;
    if ((slot.table === 'oc3' || slot.table === 'ad1') && columns.every((c) => FROM_HEADER.has(c) || record[c] === '')) continue;
    rows.push({ table: slot.table, line: slot.line, record });
  }
  return rows;
}
